/*
 * portal-dev-extras: a small Elasticsearch 8 plugin for the LOCAL DEV/TEST
 * node started by scripts/elasticsearch.sh. It is our own code, not
 * Elastic's.
 *
 * Why it exists: the only Elasticsearch 8 server we can fetch here is the
 * "integ-test-zip" distribution on Maven Central. It is the stock server, but
 * ships without the default modules (rest-root, analysis-common,
 * mapper-extras, ...), so out of the box `GET /` fails and analyzers such as
 * "english", filters such as "synonym" and the "search_as_you_type" field do
 * not exist. This plugin fills exactly those gaps with thin wrappers around
 * the same Lucene classes Elasticsearch uses. See README.md next to pom.xml
 * for what is covered and where it differs from a stock node.
 */
package portal.esdev;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.Build;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.PreBuiltAnalyzerProviderFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.index.mapper.Mapper;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.MapperPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

public class PortalDevPlugin extends Plugin implements AnalysisPlugin, MapperPlugin, ActionPlugin {

    /** Set in createComponents, read lazily by the GET / handler. */
    private volatile ClusterService clusterService;

    @Override
    public Collection<?> createComponents(PluginServices services) {
        this.clusterService = services.clusterService();
        return List.of();
    }

    // ---- GET / and HEAD / (the stock "rest-root" module is missing) --------

    @Override
    public Collection<RestHandler> getRestHandlers(
        Settings settings,
        NamedWriteableRegistry namedWriteableRegistry,
        RestController restController,
        ClusterSettings clusterSettings,
        IndexScopedSettings indexScopedSettings,
        SettingsFilter settingsFilter,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature
    ) {
        return List.of(new RestRootAction(() -> clusterService));
    }

    // ---- analysis (the stock "analysis-common" module is missing) ----------

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Analysis.tokenFilters();
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Analysis.tokenizers();
    }

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        return Analysis.charFilters();
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        return Analysis.analyzers();
    }

    @Override
    public List<PreBuiltAnalyzerProviderFactory> getPreBuiltAnalyzerProviderFactories() {
        return Analysis.preBuiltAnalyzers();
    }

    // ---- search_as_you_type (the stock "mapper-extras" module is missing) --

    @Override
    public Map<String, Mapper.TypeParser> getMappers() {
        return Map.of(SearchAsYouType.CONTENT_TYPE, SearchAsYouType.PARSER);
    }
}
