package portal.esdev;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.CharacterUtils;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.classic.ClassicFilter;
import org.apache.lucene.analysis.classic.ClassicTokenizer;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.LetterTokenizer;
import org.apache.lucene.analysis.core.UpperCaseFilter;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.el.GreekLowerCaseFilter;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.ga.IrishLowerCaseFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.LimitTokenCountFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.path.PathHierarchyTokenizer;
import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.apache.lucene.analysis.shingle.ShingleFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymFilter;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.synonym.WordnetSynonymParser;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tr.ApostropheFilter;
import org.apache.lucene.analysis.tr.TurkishLowerCaseFilter;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.AnalysisMode;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.PreBuiltAnalyzerProviderFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.indices.analysis.PreBuiltCacheFactory.CachingStrategy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static org.elasticsearch.plugins.AnalysisPlugin.requiresAnalysisSettings;
import static org.elasticsearch.index.analysis.Analysis.getWordList;
import static org.elasticsearch.index.analysis.Analysis.getWordSet;
import static org.elasticsearch.index.analysis.Analysis.parseArticles;
import static org.elasticsearch.index.analysis.Analysis.parseStemExclusion;
import static org.elasticsearch.index.analysis.Analysis.parseStopWords;

/**
 * Analysis components normally provided by Elasticsearch's analysis-common
 * module, re-created as small wrappers around the same Lucene classes.
 * Only the commonly used subset is here; the parameter names and defaults
 * follow the Elasticsearch reference documentation.
 */
final class Analysis {
    private Analysis() {}

    // ------------------------------------------------------------------ helpers

    /** A token filter factory from a plain function; `normalizing` ones also apply to keyword normalizers/prefix queries. */
    static TokenFilterFactory filter(String name, boolean normalizing, Function<TokenStream, TokenStream> fn) {
        if (normalizing) {
            return new NormalizingTokenFilterFactory() {
                public String name() { return name; }
                public TokenStream create(TokenStream ts) { return fn.apply(ts); }
            };
        }
        return new TokenFilterFactory() {
            public String name() { return name; }
            public TokenStream create(TokenStream ts) { return fn.apply(ts); }
        };
    }

    static CharFilterFactory charFilter(String name, boolean normalizing, Function<Reader, Reader> fn) {
        if (normalizing) {
            return new NormalizingCharFilterFactory() {
                public String name() { return name; }
                public Reader create(Reader r) { return fn.apply(r); }
            };
        }
        return new CharFilterFactory() {
            public String name() { return name; }
            public Reader create(Reader r) { return fn.apply(r); }
        };
    }

    static void checkNgramDiff(IndexSettings indexSettings, int min, int max, String what) {
        int allowed = indexSettings.getMaxNgramDiff();
        if (max - min > allowed) {
            throw new IllegalArgumentException("The difference between max_gram and min_gram in " + what
                + " must be less than or equal to: [" + allowed + "] but was [" + (max - min)
                + "]. This limit can be set by changing the [" + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey()
                + "] index level setting.");
        }
    }

    /** token_chars for (edge_)ngram tokenizers; empty means "keep all characters". */
    static IntPredicate tokenChars(Settings settings) {
        List<String> classes = settings.getAsList("token_chars");
        if (classes.isEmpty()) {
            return c -> true;
        }
        String custom = settings.get("custom_token_chars", "");
        List<IntPredicate> preds = new ArrayList<>();
        for (String cls : classes) {
            switch (cls.toLowerCase(Locale.ROOT)) {
                case "letter" -> preds.add(Character::isLetter);
                case "digit" -> preds.add(Character::isDigit);
                case "whitespace" -> preds.add(Character::isWhitespace);
                case "punctuation" -> preds.add(c -> {
                    int t = Character.getType(c);
                    return t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
                        || t == Character.OTHER_PUNCTUATION || t == Character.CONNECTOR_PUNCTUATION
                        || t == Character.DASH_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION
                        || t == Character.FINAL_QUOTE_PUNCTUATION;
                });
                case "symbol" -> preds.add(c -> {
                    int t = Character.getType(c);
                    return t == Character.MATH_SYMBOL || t == Character.CURRENCY_SYMBOL
                        || t == Character.MODIFIER_SYMBOL || t == Character.OTHER_SYMBOL;
                });
                case "custom" -> preds.add(c -> custom.indexOf(c) >= 0);
                default -> throw new IllegalArgumentException("Unknown token type: '" + cls
                    + "', must be one of [letter, digit, whitespace, punctuation, symbol, custom]");
            }
        }
        return c -> {
            for (IntPredicate p : preds) {
                if (p.test(c)) return true;
            }
            return false;
        };
    }

    // ------------------------------------------------------------ token filters

    static Map<String, AnalysisProvider<TokenFilterFactory>> tokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> m = new TreeMap<>();
        m.put("lowercase", (is, env, name, s) -> {
            String lang = s.get("language");
            if (lang == null) return filter(name, true, LowerCaseFilter::new);
            return switch (lang.toLowerCase(Locale.ROOT)) {
                case "greek" -> filter(name, true, GreekLowerCaseFilter::new);
                case "irish" -> filter(name, true, IrishLowerCaseFilter::new);
                case "turkish" -> filter(name, true, TurkishLowerCaseFilter::new);
                default -> throw new IllegalArgumentException("language [" + lang + "] not supported for lowercase filter");
            };
        });
        m.put("uppercase", (is, env, name, s) -> filter(name, true, UpperCaseFilter::new));
        m.put("asciifolding", (is, env, name, s) -> {
            boolean preserve = s.getAsBoolean("preserve_original", false);
            return new NormalizingTokenFilterFactory() {
                public String name() { return name; }
                public TokenStream create(TokenStream ts) { return new ASCIIFoldingFilter(ts, preserve); }
                public TokenStream normalize(TokenStream ts) { return new ASCIIFoldingFilter(ts, false); }
            };
        });
        m.put("trim", (is, env, name, s) -> filter(name, true, TrimFilter::new));
        m.put("decimal_digit", (is, env, name, s) -> filter(name, true, DecimalDigitFilter::new));
        m.put("apostrophe", (is, env, name, s) -> filter(name, false, ApostropheFilter::new));
        m.put("classic", (is, env, name, s) -> filter(name, false, ClassicFilter::new));
        m.put("flatten_graph", (is, env, name, s) -> filter(name, false, FlattenGraphFilter::new));
        m.put("reverse", (is, env, name, s) -> filter(name, false, ReverseStringFilter::new));
        m.put("porter_stem", (is, env, name, s) -> filter(name, false, PorterStemFilter::new));
        m.put("kstem", (is, env, name, s) -> filter(name, false, KStemFilter::new));
        m.put("unique", (is, env, name, s) -> {
            boolean samePos = s.getAsBoolean("only_on_same_position", false);
            return filter(name, false, ts -> new UniqueFilter(ts, samePos));
        });
        m.put("length", (is, env, name, s) -> {
            int min = s.getAsInt("min", 0);
            int max = s.getAsInt("max", Integer.MAX_VALUE);
            return filter(name, false, ts -> new LengthFilter(ts, min, max));
        });
        m.put("truncate", (is, env, name, s) -> {
            int len = s.getAsInt("length", 10);
            return filter(name, false, ts -> new TruncateTokenFilter(ts, len));
        });
        m.put("limit", (is, env, name, s) -> {
            int max = s.getAsInt("max_token_count", 1);
            boolean all = s.getAsBoolean("consume_all_tokens", false);
            return filter(name, false, ts -> new LimitTokenCountFilter(ts, max, all));
        });
        m.put("elision", requiresAnalysisSettings((is, env, name, s) -> {
            CharArraySet articles = parseArticles(env, s);
            if (articles == null) {
                throw new IllegalArgumentException("elision filter requires [articles] or [articles_path] setting");
            }
            return filter(name, true, ts -> new ElisionFilter(ts, articles));
        }));
        m.put("keyword_marker", requiresAnalysisSettings((is, env, name, s) -> {
            boolean ignoreCase = s.getAsBoolean("ignore_case", false);
            Set<?> words = getWordSet(env, s, "keywords");
            if (words == null) {
                throw new IllegalArgumentException("keyword_marker requires [keywords] or [keywords_path] to be configured");
            }
            CharArraySet set = new CharArraySet(words, ignoreCase);
            return filter(name, false, ts -> new SetKeywordMarkerFilter(ts, set));
        }));
        m.put("stemmer", (is, env, name, s) -> {
            String lang = s.get("language", s.get("name", "porter"));
            return filter(name, false, stemmer(lang));
        });
        m.put("snowball", (is, env, name, s) -> {
            String lang = s.get("language", "English");
            String cls = Character.toUpperCase(lang.charAt(0)) + lang.substring(1);
            return filter(name, false, ts -> new SnowballFilter(ts, cls));
        });
        m.put("word_delimiter_graph", (is, env, name, s) -> {
            int flags = 0;
            if (s.getAsBoolean("generate_word_parts", true)) flags |= WordDelimiterGraphFilter.GENERATE_WORD_PARTS;
            if (s.getAsBoolean("generate_number_parts", true)) flags |= WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS;
            if (s.getAsBoolean("catenate_words", false)) flags |= WordDelimiterGraphFilter.CATENATE_WORDS;
            if (s.getAsBoolean("catenate_numbers", false)) flags |= WordDelimiterGraphFilter.CATENATE_NUMBERS;
            if (s.getAsBoolean("catenate_all", false)) flags |= WordDelimiterGraphFilter.CATENATE_ALL;
            if (s.getAsBoolean("split_on_case_change", true)) flags |= WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE;
            if (s.getAsBoolean("preserve_original", false)) flags |= WordDelimiterGraphFilter.PRESERVE_ORIGINAL;
            if (s.getAsBoolean("split_on_numerics", true)) flags |= WordDelimiterGraphFilter.SPLIT_ON_NUMERICS;
            if (s.getAsBoolean("stem_english_possessive", true)) flags |= WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE;
            boolean adjust = s.getAsBoolean("adjust_offsets", true);
            Set<?> protWords = getWordSet(env, s, "protected_words");
            CharArraySet prot = protWords == null ? null : new CharArraySet(protWords, false);
            int f = flags;
            return filter(name, false, ts -> new WordDelimiterGraphFilter(ts, adjust,
                org.apache.lucene.analysis.miscellaneous.WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE, f, prot));
        });
        m.put("ngram", (is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            boolean preserve = s.getAsBoolean("preserve_original", false);
            checkNgramDiff(is, min, max, "NGram Token Filter");
            return filter(name, false, ts -> new NGramTokenFilter(ts, min, max, preserve));
        });
        m.put("edge_ngram", (is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            boolean preserve = s.getAsBoolean("preserve_original", false);
            boolean back = "back".equalsIgnoreCase(s.get("side", "front"));
            return filter(name, false, ts -> back
                ? new ReverseStringFilter(new EdgeNGramTokenFilter(new ReverseStringFilter(ts), min, max, preserve))
                : new EdgeNGramTokenFilter(ts, min, max, preserve));
        });
        m.put("synonym", requiresAnalysisSettings((is, env, name, s) -> new SynonymFactory(env, name, s, false)));
        m.put("synonym_graph", requiresAnalysisSettings((is, env, name, s) -> new SynonymFactory(env, name, s, true)));
        return m;
    }

    /** The "stemmer" filter's language/name parameter. */
    static Function<TokenStream, TokenStream> stemmer(String language) {
        String lang = language.toLowerCase(Locale.ROOT);
        switch (lang) {
            case "english", "porter":
                return PorterStemFilter::new;
            case "light_english", "kstem":
                return KStemFilter::new;
            case "minimal_english":
                return EnglishMinimalStemFilter::new;
            case "possessive_english":
                return EnglishPossessiveFilter::new;
            case "porter2":
                return ts -> new SnowballFilter(ts, "English");
            case "light_french", "french":
                return org.apache.lucene.analysis.fr.FrenchLightStemFilter::new;
            case "minimal_french":
                return org.apache.lucene.analysis.fr.FrenchMinimalStemFilter::new;
            case "light_german", "german":
                return org.apache.lucene.analysis.de.GermanLightStemFilter::new;
            case "minimal_german":
                return org.apache.lucene.analysis.de.GermanMinimalStemFilter::new;
            case "light_spanish", "spanish":
                return org.apache.lucene.analysis.es.SpanishLightStemFilter::new;
            case "light_italian", "italian":
                return org.apache.lucene.analysis.it.ItalianLightStemFilter::new;
            case "light_portuguese", "portuguese":
                return org.apache.lucene.analysis.pt.PortugueseLightStemFilter::new;
            case "minimal_portuguese":
                return org.apache.lucene.analysis.pt.PortugueseMinimalStemFilter::new;
            default:
                // Everything else maps onto Lucene's Snowball stemmers by name
                // (dutch, danish, swedish, norwegian, finnish, russian, ...).
                String base = lang.startsWith("light_") ? lang.substring(6) : lang;
                String cls = Character.toUpperCase(base.charAt(0)) + base.substring(1);
                try {
                    Class.forName("org.tartarus.snowball.ext." + cls + "Stemmer", false, Analysis.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IllegalArgumentException("stemmer language [" + language + "] is not supported by portal-dev-extras");
                }
                return ts -> new SnowballFilter(ts, cls);
        }
    }

    /** Removes duplicate terms (anywhere, or only at the same position). */
    static final class UniqueFilter extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute posInc =
            addAttribute(org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute.class);
        private final CharArraySet seen = new CharArraySet(8, false);
        private final boolean onlySamePosition;

        UniqueFilter(TokenStream in, boolean onlySamePosition) {
            super(in);
            this.onlySamePosition = onlySamePosition;
        }

        @Override
        public boolean incrementToken() throws IOException {
            while (input.incrementToken()) {
                if (onlySamePosition && posInc.getPositionIncrement() > 0) {
                    seen.clear();
                }
                char[] buf = term.buffer();
                int len = term.length();
                if (seen.contains(buf, 0, len)) {
                    continue;
                }
                char[] copy = new char[len];
                System.arraycopy(buf, 0, copy, 0, len);
                seen.add(copy);
                return true;
            }
            return false;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            seen.clear();
        }
    }

    /**
     * synonym / synonym_graph. Like Elasticsearch, the rules are analysed
     * with the tokenizer, char filters and the token filters that come before
     * this filter in the analyzer chain (hence "chain aware").
     */
    static final class SynonymFactory implements TokenFilterFactory {
        private final Environment env;
        private final String name;
        private final Settings settings;
        private final boolean graph;

        SynonymFactory(Environment env, String name, Settings settings, boolean graph) {
            this.env = env;
            this.name = name;
            this.settings = settings;
            this.graph = graph;
            if (settings.get("synonyms_set") != null) {
                throw new IllegalArgumentException("[synonyms_set] (synonyms API) is not supported by portal-dev-extras; "
                    + "use [synonyms] or [synonyms_path]");
            }
            if (settings.get("synonyms") == null && settings.getAsList("synonyms").isEmpty() && settings.get("synonyms_path") == null) {
                throw new IllegalArgumentException("synonym requires either `synonyms` or `synonyms_path` to be configured");
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public TokenStream create(TokenStream ts) {
            throw new IllegalStateException("Call getChainAwareTokenFilterFactory to specialize this factory for an analysis chain first");
        }

        @Override
        public TokenFilterFactory getChainAwareTokenFilterFactory(
            IndexCreationContext context,
            TokenizerFactory tokenizer,
            List<CharFilterFactory> charFilters,
            List<TokenFilterFactory> previousTokenFilters,
            Function<String, TokenFilterFactory> allFilters
        ) {
            List<TokenFilterFactory> prev = new ArrayList<>();
            for (TokenFilterFactory f : previousTokenFilters) {
                prev.add(f.getSynonymFilter());
            }
            Analyzer ruleAnalyzer = new CustomAnalyzer(tokenizer, charFilters.toArray(new CharFilterFactory[0]),
                prev.toArray(new TokenFilterFactory[0]));
            SynonymMap map = buildMap(ruleAnalyzer);
            final String n = name;
            final boolean g = graph;
            return new TokenFilterFactory() {
                public String name() { return n; }

                @SuppressWarnings("deprecation")
                public TokenStream create(TokenStream ts) {
                    if (map.fst == null) return ts; // no rules: pass through like ES
                    return g ? new SynonymGraphFilter(ts, map, false) : new SynonymFilter(ts, map, false);
                }

                // Synonym rules of a later synonym filter are not expanded by this one.
                public TokenFilterFactory getSynonymFilter() { return IDENTITY_FILTER; }

                public AnalysisMode getAnalysisMode() { return AnalysisMode.ALL; }
            };
        }

        private SynonymMap buildMap(Analyzer analyzer) {
            boolean expand = settings.getAsBoolean("expand", true);
            boolean lenient = settings.getAsBoolean("lenient", false);
            String format = settings.get("format", "solr");
            List<String> rules = getWordList(env, settings, "synonyms");
            if (rules == null) {
                rules = List.of();
            }
            try {
                SynonymMap.Parser parser = "wordnet".equalsIgnoreCase(format)
                    ? new WordnetSynonymParser(true, expand, analyzer)
                    : new SolrSynonymParser(true, expand, analyzer);
                if (lenient) {
                    // Parse rule by rule and skip the ones that fail to analyse.
                    for (String rule : rules) {
                        try {
                            parser.parse(new StringReader(rule));
                        } catch (Exception e) {
                            // ignored on purpose: that is what "lenient" means
                        }
                    }
                } else {
                    parser.parse(new StringReader(String.join("\n", rules)));
                }
                return parser.build();
            } catch (IOException | ParseException e) {
                throw new IllegalArgumentException("failed to build synonyms for [" + name + "]: " + e.getMessage(), e);
            }
        }
    }

    // --------------------------------------------------------------- tokenizers

    /**
     * Letters only, lowercased. Lucene 9 dropped its LowerCaseTokenizer and
     * made CharTokenizer.incrementToken final, so this is the same loop
     * CharTokenizer runs, with a toLowerCase on each code point.
     */
    static final class LowerCaseTokenizer extends Tokenizer {
        private static final int MAX_TOKEN_LEN = 255;
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final OffsetAttribute offsetAtt = addAttribute(OffsetAttribute.class);
        private final CharacterUtils.CharacterBuffer io = CharacterUtils.newCharacterBuffer(4096);
        private int offset = 0, bufferIndex = 0, dataLen = 0, finalOffset = 0;

        @Override
        public boolean incrementToken() throws IOException {
            clearAttributes();
            int length = 0, start = -1, end = -1;
            char[] buffer = term.buffer();
            while (true) {
                if (bufferIndex >= dataLen) {
                    offset += dataLen;
                    CharacterUtils.fill(io, input);
                    if (io.getLength() == 0) {
                        dataLen = 0;
                        if (length > 0) break;
                        finalOffset = correctOffset(offset);
                        return false;
                    }
                    dataLen = io.getLength();
                    bufferIndex = 0;
                }
                int c = Character.codePointAt(io.getBuffer(), bufferIndex, io.getLength());
                int charCount = Character.charCount(c);
                bufferIndex += charCount;
                if (Character.isLetter(c)) {
                    if (length == 0) {
                        start = offset + bufferIndex - charCount;
                        end = start;
                    } else if (length >= buffer.length - 1) {
                        buffer = term.resizeBuffer(2 + length);
                    }
                    end += charCount;
                    length += Character.toChars(Character.toLowerCase(c), buffer, length);
                    if (length >= MAX_TOKEN_LEN) break;
                } else if (length > 0) {
                    break;
                }
            }
            term.setLength(length);
            offsetAtt.setOffset(correctOffset(start), finalOffset = correctOffset(end));
            return true;
        }

        @Override
        public void end() throws IOException {
            super.end();
            offsetAtt.setOffset(finalOffset, finalOffset);
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            offset = bufferIndex = dataLen = finalOffset = 0;
            io.reset();
        }
    }

    static TokenizerFactory tokenizer(String name, Supplier<Tokenizer> supplier) {
        return TokenizerFactory.newFactory(name, supplier);
    }

    static Map<String, AnalysisProvider<TokenizerFactory>> tokenizers() {
        Map<String, AnalysisProvider<TokenizerFactory>> m = new TreeMap<>();
        m.put("whitespace", (is, env, name, s) -> {
            int max = s.getAsInt("max_token_length", org.apache.lucene.analysis.standard.StandardAnalyzer.DEFAULT_MAX_TOKEN_LENGTH);
            return tokenizer(name, () -> new WhitespaceTokenizer(WhitespaceTokenizer.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, max));
        });
        m.put("keyword", (is, env, name, s) -> {
            int buf = s.getAsInt("buffer_size", 256);
            return tokenizer(name, () -> new KeywordTokenizer(buf));
        });
        m.put("letter", (is, env, name, s) -> tokenizer(name, LetterTokenizer::new));
        m.put("lowercase", (is, env, name, s) -> tokenizer(name, LowerCaseTokenizer::new));
        m.put("classic", (is, env, name, s) -> {
            int max = s.getAsInt("max_token_length", org.apache.lucene.analysis.standard.StandardAnalyzer.DEFAULT_MAX_TOKEN_LENGTH);
            return tokenizer(name, () -> {
                ClassicTokenizer t = new ClassicTokenizer();
                t.setMaxTokenLength(max);
                return t;
            });
        });
        m.put("uax_url_email", (is, env, name, s) -> {
            int max = s.getAsInt("max_token_length", org.apache.lucene.analysis.standard.StandardAnalyzer.DEFAULT_MAX_TOKEN_LENGTH);
            return tokenizer(name, () -> {
                UAX29URLEmailTokenizer t = new UAX29URLEmailTokenizer();
                t.setMaxTokenLength(max);
                return t;
            });
        });
        m.put("pattern", (is, env, name, s) -> {
            Pattern p = Pattern.compile(s.get("pattern", "\\W+"), regexFlags(s.get("flags")));
            int group = s.getAsInt("group", -1);
            return tokenizer(name, () -> new PatternTokenizer(p, group));
        });
        m.put("path_hierarchy", (is, env, name, s) -> {
            char delim = s.get("delimiter", "/").charAt(0);
            String repl = s.get("replacement");
            char replacement = repl == null ? delim : repl.charAt(0);
            int skip = s.getAsInt("skip", 0);
            return tokenizer(name, () -> new PathHierarchyTokenizer(delim, replacement, skip));
        });
        m.put("ngram", (is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            checkNgramDiff(is, min, max, "NGram Tokenizer");
            IntPredicate keep = tokenChars(s);
            return tokenizer(name, () -> new NGramTokenizer(min, max) {
                @Override
                protected boolean isTokenChar(int chr) { return keep.test(chr); }
            });
        });
        m.put("edge_ngram", (is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            IntPredicate keep = tokenChars(s);
            return tokenizer(name, () -> new EdgeNGramTokenizer(min, max) {
                @Override
                protected boolean isTokenChar(int chr) { return keep.test(chr); }
            });
        });
        return m;
    }

    static int regexFlags(String flags) {
        if (flags == null || flags.isBlank()) return 0;
        int f = 0;
        for (String flag : flags.split("\\|")) {
            f |= switch (flag.trim()) {
                case "CASE_INSENSITIVE" -> Pattern.CASE_INSENSITIVE;
                case "MULTILINE" -> Pattern.MULTILINE;
                case "DOTALL" -> Pattern.DOTALL;
                case "UNICODE_CASE" -> Pattern.UNICODE_CASE;
                case "CANON_EQ" -> Pattern.CANON_EQ;
                case "LITERAL" -> Pattern.LITERAL;
                case "UNIX_LINES" -> Pattern.UNIX_LINES;
                case "COMMENTS" -> Pattern.COMMENTS;
                case "UNICODE_CHARACTER_CLASS" -> Pattern.UNICODE_CHARACTER_CLASS;
                default -> throw new IllegalArgumentException("Unknown regex flag [" + flag + "]");
            };
        }
        return f;
    }

    // ------------------------------------------------------------- char filters

    static Map<String, AnalysisProvider<CharFilterFactory>> charFilters() {
        Map<String, AnalysisProvider<CharFilterFactory>> m = new TreeMap<>();
        m.put("html_strip", (is, env, name, s) -> {
            List<String> escaped = s.getAsList("escaped_tags");
            Set<String> tags = escaped.isEmpty() ? null : new HashSet<>(escaped);
            return charFilter(name, false, r -> tags == null ? new HTMLStripCharFilter(r) : new HTMLStripCharFilter(r, tags));
        });
        m.put("mapping", requiresAnalysisSettings((is, env, name, s) -> {
            List<String> rules = getWordList(env, s, "mappings");
            if (rules == null) {
                throw new IllegalArgumentException("mapping requires either `mappings` or `mappings_path` to be configured");
            }
            NormalizeCharMap.Builder b = new NormalizeCharMap.Builder();
            for (String rule : rules) {
                int arrow = rule.indexOf("=>");
                if (arrow < 0) throw new IllegalArgumentException("Invalid Mapping Rule : [" + rule + "]");
                String from = unescape(rule.substring(0, arrow).trim());
                String to = unescape(rule.substring(arrow + 2).trim());
                if (from.isEmpty()) throw new IllegalArgumentException("Invalid Mapping Rule : [" + rule + "]");
                b.add(from, to);
            }
            NormalizeCharMap map = b.build();
            return charFilter(name, true, r -> new MappingCharFilter(map, r));
        }));
        m.put("pattern_replace", requiresAnalysisSettings((is, env, name, s) -> {
            String pattern = s.get("pattern");
            if (pattern == null) throw new IllegalArgumentException("pattern is missing for [" + name + "] char filter of type 'pattern_replace'");
            Pattern p = Pattern.compile(pattern, regexFlags(s.get("flags")));
            String replacement = s.get("replacement", "");
            return charFilter(name, true, r -> new PatternReplaceCharFilter(p, replacement, r));
        }));
        return m;
    }

    /** Backslash escapes used by the mapping char filter (\\n, \\t, \\uXXXX, ...). */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> out.append(n);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- analyzers

    /** Lucene language analyzers: name -> (default stop words, constructor(stopwords, stemExclusion)). */
    record Lang(Supplier<CharArraySet> defaultStop, BiFunction<CharArraySet, CharArraySet, Analyzer> ctor) {}

    static final Map<String, Lang> LANGUAGES = new LinkedHashMap<>();
    static {
        LANGUAGES.put("english", new Lang(org.apache.lucene.analysis.en.EnglishAnalyzer::getDefaultStopSet,
            org.apache.lucene.analysis.en.EnglishAnalyzer::new));
        LANGUAGES.put("french", new Lang(org.apache.lucene.analysis.fr.FrenchAnalyzer::getDefaultStopSet,
            org.apache.lucene.analysis.fr.FrenchAnalyzer::new));
        LANGUAGES.put("german", new Lang(org.apache.lucene.analysis.de.GermanAnalyzer::getDefaultStopSet,
            org.apache.lucene.analysis.de.GermanAnalyzer::new));
        LANGUAGES.put("spanish", new Lang(org.apache.lucene.analysis.es.SpanishAnalyzer::getDefaultStopSet,
            org.apache.lucene.analysis.es.SpanishAnalyzer::new));
        LANGUAGES.put("italian", new Lang(org.apache.lucene.analysis.it.ItalianAnalyzer::getDefaultStopSet,
            org.apache.lucene.analysis.it.ItalianAnalyzer::new));
        LANGUAGES.put("portuguese", new Lang(org.apache.lucene.analysis.pt.PortugueseAnalyzer::getDefaultStopSet,
            org.apache.lucene.analysis.pt.PortugueseAnalyzer::new));
        LANGUAGES.put("dutch", new Lang(org.apache.lucene.analysis.nl.DutchAnalyzer::getDefaultStopSet,
            org.apache.lucene.analysis.nl.DutchAnalyzer::new));
        LANGUAGES.put("swedish", new Lang(org.apache.lucene.analysis.sv.SwedishAnalyzer::getDefaultStopSet,
            org.apache.lucene.analysis.sv.SwedishAnalyzer::new));
        LANGUAGES.put("danish", new Lang(org.apache.lucene.analysis.da.DanishAnalyzer::getDefaultStopSet,
            org.apache.lucene.analysis.da.DanishAnalyzer::new));
        LANGUAGES.put("norwegian", new Lang(org.apache.lucene.analysis.no.NorwegianAnalyzer::getDefaultStopSet,
            org.apache.lucene.analysis.no.NorwegianAnalyzer::new));
        LANGUAGES.put("finnish", new Lang(org.apache.lucene.analysis.fi.FinnishAnalyzer::getDefaultStopSet,
            org.apache.lucene.analysis.fi.FinnishAnalyzer::new));
        LANGUAGES.put("russian", new Lang(org.apache.lucene.analysis.ru.RussianAnalyzer::getDefaultStopSet,
            org.apache.lucene.analysis.ru.RussianAnalyzer::new));
    }

    static Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> analyzers() {
        Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> m = new TreeMap<>();
        for (Map.Entry<String, Lang> e : LANGUAGES.entrySet()) {
            Lang lang = e.getValue();
            m.put(e.getKey(), (is, env, name, s) -> {
                CharArraySet stop = parseStopWords(env, s, lang.defaultStop().get());
                CharArraySet excl = parseStemExclusion(s, CharArraySet.EMPTY_SET);
                Analyzer a = lang.ctor().apply(stop, excl);
                return new AbstractIndexAnalyzerProvider<Analyzer>(name, s) {
                    public Analyzer get() { return a; }
                };
            });
        }
        return m;
    }

    static List<PreBuiltAnalyzerProviderFactory> preBuiltAnalyzers() {
        List<PreBuiltAnalyzerProviderFactory> l = new ArrayList<>();
        for (Map.Entry<String, Lang> e : LANGUAGES.entrySet()) {
            Lang lang = e.getValue();
            l.add(new PreBuiltAnalyzerProviderFactory(e.getKey(), CachingStrategy.ONE,
                () -> lang.ctor().apply(lang.defaultStop().get(), CharArraySet.EMPTY_SET)));
        }
        // Shingle analyzers behind the search_as_you_type stand-in (see SearchAsYouType).
        for (int size = 2; size <= SearchAsYouType.MAX_SHINGLE_SIZE; size++) {
            int n = size;
            l.add(new PreBuiltAnalyzerProviderFactory(SearchAsYouType.shingleAnalyzerName(n), CachingStrategy.ONE,
                () -> shingleAnalyzer(n)));
        }
        return l;
    }

    /** standard tokenizer + lowercase + fixed-size shingles, no unigrams. */
    static Analyzer shingleAnalyzer(int size) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer t = new StandardTokenizer();
                ShingleFilter sh = new ShingleFilter(new LowerCaseFilter(t), size, size);
                sh.setOutputUnigrams(false);
                sh.setOutputUnigramsIfNoShingles(false);
                return new TokenStreamComponents(t, sh);
            }

            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return new LowerCaseFilter(in);
            }
        };
    }
}
