using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Portal.Application.Telemetry;

namespace Portal.Web.Hosting;

/// <summary>Settings of the optional Prometheus scrape endpoint (configuration section "Telemetry:Prometheus").</summary>
public sealed class PrometheusScrapeOptions
{
    public const string Section = "Telemetry:Prometheus";

    /// <summary>Off by default: metrics then leave only through OTLP, if configured.</summary>
    public bool Enabled { get; set; }

    /// <summary>The endpoint answers only on connections to this port, never on the port the ingress forwards to, so it
    /// is reachable only where the NetworkPolicy lets a scraper in. Kestrel must listen on it too (ASPNETCORE_URLS).</summary>
    public int Port { get; set; } = 9464;

    public string Path { get; set; } = "/metrics";
}

/// <summary>Who listens to <see cref="PortalTelemetry"/>: OpenTelemetry with the OTLP exporter when the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (every other <c>OTEL_*</c> variable is read by the SDK), and, when
/// <c>Telemetry:Prometheus:Enabled</c>, a scrape endpoint. With neither, nothing is registered and the portal's spans and
/// instruments stay unheard.</summary>
public static class TelemetrySetup
{
    public const string DefaultServiceName = "kubernetes-portal";

    public static void AddPortalTelemetry(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var otlp = !string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var prometheus = config.GetSection(PrometheusScrapeOptions.Section).Get<PrometheusScrapeOptions>() ?? new PrometheusScrapeOptions();
        if (prometheus.Enabled && prometheus.Port is < 1 or > 65535)
            throw new InvalidOperationException($"Telemetry:Prometheus:Port must be a TCP port (1-65535); it is {prometheus.Port}.");
        if (prometheus.Enabled && !prometheus.Path.StartsWith('/'))
            throw new InvalidOperationException($"Telemetry:Prometheus:Path must start with '/'; it is \"{prometheus.Path}\".");
        if (!otlp && !prometheus.Enabled) return;

        var otel = builder.Services.AddOpenTelemetry();
        // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win when set; otherwise the portal names itself.
        if (string.IsNullOrWhiteSpace(config["OTEL_SERVICE_NAME"]))
            otel.ConfigureResource(r => r.AddService(DefaultServiceName, serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()));
        otel.WithMetrics(m => m
            .AddMeter(PortalTelemetry.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation());
        if (otlp)
        {
            // Traces leave only through OTLP (Prometheus carries metrics only).
            otel.WithTracing(t => t
                .AddSource([.. PortalTelemetry.SourceNames])
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsOperational(http.Request.Path, prometheus))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation());
            otel.UseOtlpExporter(); // endpoint, protocol, headers, timeouts: the standard OTEL_EXPORTER_OTLP_* variables
        }
        if (prometheus.Enabled)
        {
            otel.WithMetrics(m => m.AddPrometheusExporter());
            builder.Services.AddSingleton<IStartupFilter>(new PrometheusScrapeEndpoint(prometheus));
        }
    }

    /// <summary>Probes and scrapes come every few seconds and say nothing about users' work: not traced.</summary>
    private static bool IsOperational(PathString path, PrometheusScrapeOptions prometheus) =>
        path.StartsWithSegments("/health") || (prometheus.Enabled && path.StartsWithSegments(prometheus.Path));

    /// <summary>Whether a request is a scrape: the configured path, on the configured port only.</summary>
    internal static bool IsScrape(HttpContext http, PrometheusScrapeOptions prometheus) =>
        http.Connection.LocalPort == prometheus.Port && http.Request.Path == prometheus.Path;

    /// <summary>Put first in the pipeline (before sign-in, like the health probes a kubelet calls anonymously): a
    /// scraper does not sign in. What protects it is the port: see <see cref="PrometheusScrapeOptions.Port"/>.</summary>
    private sealed class PrometheusScrapeEndpoint(PrometheusScrapeOptions options) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(http => IsScrape(http, options));
            next(app);
        };
    }
}
