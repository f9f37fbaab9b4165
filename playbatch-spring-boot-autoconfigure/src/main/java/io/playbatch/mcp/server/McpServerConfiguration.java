package io.playbatch.mcp.server;

import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.playbatch.access.TrustedOrigins;
import io.playbatch.catalog.PlaybookRevisions;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.admission.StartAdmission;
import io.playbatch.operate.OperationsService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * Playbatch as an MCP server (docs/mcp.md#playbatch-as-an-mcp-server): when {@code playbatch.mcp.server.enabled=true} in a servlet
 * application ({@code playbatch serve}), a stateless streamable-HTTP MCP endpoint at {@value #ENDPOINT}
 * with the fixed tool set over {@link OperationsService}, behind Origin/Host checks (403/421) whose
 * origins the server's cross-site check ({@code access.CrossSiteRequests}) also trusts on {@code /mcp}. The
 * operator token ({@code PLAYBATCH_API_TOKEN}) is checked by {@code access.OperatorTokenFilter}, which
 * guards every state-changing request, and so every {@code POST /mcp}. Off by default.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "playbatch.mcp.server", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(McpServerProperties.class)
public class McpServerConfiguration {

    public static final String ENDPOINT = "/mcp";

    /** The registered playbooks (playbatch register); a test or a later catalog may provide its own. */
    @Bean
    @ConditionalOnMissingBean
    McpPlaybookCatalog mcpPlaybookCatalog(OperationsService operations, PlaybookRevisions revisions) {
        return new RegisteredPlaybookCatalog(operations, revisions);
    }

    @Bean
    PlaybookTools mcpPlaybookTools(McpPlaybookCatalog catalog, OperationsService operations, DataSource dataSource,
            PlaybookCompiler compiler, StartAdmission admission) {
        return new PlaybookTools(catalog, operations, new ClientRequests(dataSource), compiler, admission);
    }

    @Bean
    RequestClients mcpRequestClients() {
        return new RequestClients();
    }

    @Bean
    HttpServletStatelessServerTransport mcpTransport(McpServerProperties properties, RequestClients clients) {
        return HttpServletStatelessServerTransport.builder()
                .jsonMapper(new JacksonMcpJsonMapper(JsonMapper.builder().build()))
                .messageEndpoint(ENDPOINT)
                .contextExtractor(clients)
                .securityValidator(DefaultServerTransportSecurityValidator.builder().allowedOrigins(origins(properties))
                        .allowedHosts(properties.allowedHosts()).build())
                .build();
    }

    /**
     * The origins {@code /mcp} accepts (loopback and {@code allowed-origins}) are not cross-site
     * requests for the server's forgery check either; other paths do not trust them.
     */
    @Bean
    TrustedOrigins mcpTrustedOrigins(McpServerProperties properties) {
        DefaultServerTransportSecurityValidator validator = DefaultServerTransportSecurityValidator.builder()
                .allowedOrigins(origins(properties)).build();
        return (request, origin) -> {
            String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
            if (!path.equals(ENDPOINT) && !path.startsWith(ENDPOINT + "/")) {
                return false;
            }
            try {
                validator.validateHeaders(Map.of("Origin", List.of(origin)));
                return true;
            } catch (ServerTransportSecurityException e) {
                return false;
            }
        };
    }

    private static List<String> origins(McpServerProperties properties) {
        List<String> origins = new ArrayList<>(McpServerProperties.LOOPBACK_ORIGINS);
        origins.addAll(properties.allowedOrigins());
        return origins;
    }

    @Bean(destroyMethod = "close")
    McpStatelessSyncServer mcpServer(HttpServletStatelessServerTransport transport, PlaybookTools tools,
            RequestClients clients, McpServerProperties properties) {
        McpToolSpecifications specifications = new McpToolSpecifications(tools, clients);
        return McpServer.sync(transport)
                .serverInfo("playbatch", version())
                .instructions("Playbatch runs batch playbooks. list_playbooks, then describe_playbook for the workload"
                        + " schema, then start_run (returns at once) and poll get_run until finished is true.")
                .capabilities(ServerCapabilities.builder().tools(false).resources(false, false).build())
                .uriTemplateManagerFactory(new ReservedExpansionTemplates())
                .tools(specifications.tools(properties.operatorTools()))
                .resourceTemplates(specifications.resources())
                .build();
    }

    /** Client mistakes on /mcp as plain JSON-RPC errors, after the access filters (order: HIGHEST_PRECEDENCE + 20). */
    @Bean
    FilterRegistrationBean<McpRequestFilter> mcpRequestFilter() {
        FilterRegistrationBean<McpRequestFilter> registration = new FilterRegistrationBean<>(new McpRequestFilter());
        registration.addUrlPatterns(ENDPOINT);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    /** Taking the server as a parameter builds it (it attaches itself to the transport) even under lazy init. */
    @Bean
    ServletRegistrationBean<HttpServletStatelessServerTransport> mcpServlet(HttpServletStatelessServerTransport transport,
            McpStatelessSyncServer server) {
        ServletRegistrationBean<HttpServletStatelessServerTransport> registration =
                new ServletRegistrationBean<>(transport, ENDPOINT);
        registration.setName("mcp");
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(1);
        return registration;
    }

    private static String version() {
        String version = McpServerConfiguration.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
