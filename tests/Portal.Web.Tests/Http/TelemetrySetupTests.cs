using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Portal.Application.Telemetry;
using Portal.Web.Hosting;

namespace Portal.Web.Tests.Http;

/// <summary>AddPortalTelemetry: OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set, the Prometheus scrape endpoint only
/// when switched on and only on its own port. A bare host with the same call Program.cs makes.</summary>
public sealed class TelemetrySetupTests
{
    private static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        // Explicit, so a variable set on the machine running the tests does not decide.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddPortalTelemetry();
        var app = builder.Build();
        app.MapGet("/metrics", () => "the portal's own page");
        return app;
    }

    [Fact]
    public async Task NothingConfigured_RegistersNoTelemetry()
    {
        await using var app = Build([]);

        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task OtlpEndpointSet_TracesAndMetricsAreExported()
    {
        await using var app = Build(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:1" });

        Assert.NotNull(app.Services.GetService<TracerProvider>());
        Assert.NotNull(app.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task PrometheusEnabled_AnswersOnItsPortOnly()
    {
        await using var app = Build(new() { ["Telemetry:Prometheus:Enabled"] = "true", ["Telemetry:Prometheus:Port"] = "9464" });
        await app.StartAsync();
        Assert.Null(app.Services.GetService<TracerProvider>()); // Prometheus carries metrics; no OTLP, no traces
        var cluster = "scrape-" + Guid.NewGuid().ToString("N")[..8];
        PortalTelemetry.WatchReconnected(cluster);
        var server = app.GetTestServer();

        var scrape = await GetAsync(server, "/metrics", 9464);
        var ingress = await GetAsync(server, "/metrics", 8080);

        Assert.Equal(200, scrape.Status);
        Assert.Contains("portal_cluster_watch_reconnects", scrape.Body);
        Assert.Contains(cluster, scrape.Body);
        Assert.Equal("the portal's own page", ingress.Body);
        await app.StopAsync();
    }

    [Theory]
    [InlineData("0", "/metrics")]
    [InlineData("70000", "/metrics")]
    [InlineData("9464", "metrics")]
    public void PrometheusEnabled_WithAPortOrPathThatCannotBe_RefusesToStart(string port, string path)
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            Build(new() { ["Telemetry:Prometheus:Enabled"] = "true", ["Telemetry:Prometheus:Port"] = port, ["Telemetry:Prometheus:Path"] = path }));
        Assert.Contains("Telemetry:Prometheus", e.Message);
    }

    private static async Task<(int Status, string Body)> GetAsync(TestServer server, string path, int localPort)
    {
        var context = await server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = path;
            c.Connection.LocalPort = localPort;
        });
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, await reader.ReadToEndAsync());
    }
}
