package portal.esdev;

import org.elasticsearch.index.mapper.Mapper;
import org.elasticsearch.index.mapper.MapperParsingException;
import org.elasticsearch.index.mapper.TextFieldMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stand-in for mapper-extras' "search_as_you_type" field type.
 *
 * A mapping {"type": "search_as_you_type", "max_shingle_size": 3} is turned
 * into a regular "text" field with the same subfields the real type creates:
 * FIELD._2gram .. FIELD._Ngram (shingles) and FIELD._index_prefix (edge
 * n-grams, via text's index_prefixes option). So the documented queries work
 * unchanged, e.g. multi_match type "bool_prefix" over
 * [FIELD, FIELD._2gram, FIELD._3gram], or match_phrase_prefix on FIELD.
 *
 * Differences from the real type: GET _mapping reports "text" with those
 * subfields, and the shingle subfields always use the standard tokenizer +
 * lowercase (not the field's own analyzer).
 */
final class SearchAsYouType {
    static final String CONTENT_TYPE = "search_as_you_type";
    static final int MAX_SHINGLE_SIZE = 4;

    private SearchAsYouType() {}

    static String shingleAnalyzerName(int size) {
        return "portal_sayt_shingle_" + size;
    }

    static final Mapper.TypeParser PARSER = (name, node, context) -> {
        Map<String, Object> text = new LinkedHashMap<>(node);
        node.clear(); // we consume everything; TextFieldMapper's parser validates the rest
        text.remove("type");
        Object max = text.remove("max_shingle_size");
        int maxShingle = max == null ? 3 : Integer.parseInt(max.toString());
        if (maxShingle < 2 || maxShingle > MAX_SHINGLE_SIZE) {
            throw new MapperParsingException("[max_shingle_size] must be at least [2] and at most [" + MAX_SHINGLE_SIZE
                + "], got [" + maxShingle + "]");
        }
        // FIELD._index_prefix: edge n-grams for fast prefix queries on the last term.
        text.putIfAbsent("index_prefixes", new LinkedHashMap<>(Map.of("min_chars", 1, "max_chars", 19)));

        @SuppressWarnings("unchecked")
        Map<String, Object> fields = text.get("fields") instanceof Map<?, ?> f
            ? new LinkedHashMap<>((Map<String, Object>) f)
            : new LinkedHashMap<>();
        for (int size = 2; size <= maxShingle; size++) {
            Map<String, Object> sub = new LinkedHashMap<>();
            sub.put("type", "text");
            sub.put("analyzer", shingleAnalyzerName(size));
            if (text.containsKey("similarity")) sub.put("similarity", text.get("similarity"));
            if (text.containsKey("index_options")) sub.put("index_options", text.get("index_options"));
            fields.put("_" + size + "gram", sub);
        }
        text.put("fields", fields);
        return TextFieldMapper.PARSER.parse(name, text, context);
    };
}
