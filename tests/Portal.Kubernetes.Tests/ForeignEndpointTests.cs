using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests;

/// <summary>An address that answers, but not as a Kubernetes API server (a web site, a proxy's login page): the portal
/// says so in words and never echoes the far side's body beyond a short, cleaned excerpt.</summary>
public class ForeignEndpointTests
{
    private const string Page = """
        <!DOCTYPE html><html><head><title>Corporate <b>Login</b> Portal</title></head>
        <body><script>alert('owned')</script><p>secret-internal-detail-1234</p></body></html>
        """;

    private static async Task<WebApplication> StartAsync(int status, string body, string contentType)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(ctx =>
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = contentType;
            return ctx.Response.WriteAsync(body);
        });
        await app.StartAsync();
        return app;
    }

    private static ClusterConnection Connection(string url) => new(Guid.NewGuid(), "foreign",
        $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: {url}
        contexts:
        - name: x
          context: {"{"}cluster: c, user: u{"}"}
        current-context: x
        users:
        - name: u
          user:
            token: good
        """);

    [Theory]
    [InlineData(200)]
    [InlineData(404)]
    [InlineData(502)]
    public async Task Probe_HtmlPage_SaysItIsNotAKubernetesApiServer_WithoutEchoingTheBody(int status)
    {
        await using var app = await StartAsync(status, Page, "text/html");

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            GatewayFactory.Create().ProbeAsync(Connection(app.Urls.First()), CancellationToken.None));

        Assert.Equal(ClusterFault.Invalid, e.Fault);
        Assert.Contains("answered", e.Message);
        Assert.Contains("not as a Kubernetes API server", e.Message);
        Assert.Contains("HTML page titled \"Corporate bLogin/b Portal\"", e.Message);
        Assert.DoesNotContain("JsonException", e.Message);
        Assert.DoesNotContain("invalid start of a value", e.Message);
        Assert.DoesNotContain("<", e.Message);
        Assert.DoesNotContain("secret-internal-detail", e.Message);
        Assert.DoesNotContain("alert", e.Message);
    }

    [Fact]
    public async Task Probe_PlainText_QuotesOnlyAShortCleanedExcerpt()
    {
        await using var app = await StartAsync(200, "ami-id\nami-launch-index\n" + new string('x', 500) + "\u0007<script>", "text/plain");

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            GatewayFactory.Create().ProbeAsync(Connection(app.Urls.First()), CancellationToken.None));

        Assert.Contains("not as a Kubernetes API server: it returned text starting \"ami-id ami-launch-index", e.Message);
        Assert.True(e.Message.Length < 400, e.Message);
        Assert.False(e.Message.Contains('\u0007', StringComparison.Ordinal), "control character echoed");
        Assert.DoesNotContain("<script>", e.Message);
    }

    [Fact]
    public async Task Probe_JsonThatIsNotKubernetes_SaysSo()
    {
        await using var app = await StartAsync(200, """{"hello":"world"}""", "application/json");

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            GatewayFactory.Create().ProbeAsync(Connection(app.Urls.First()), CancellationToken.None));

        Assert.Contains("not as a Kubernetes API server", e.Message);
    }

    [Fact]
    public async Task Probe_LinkLocalAddress_IsRefusedBeforeConnecting()
    {
        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            GatewayFactory.Create().ProbeAsync(Connection("http://169.254.169.254"), CancellationToken.None));

        Assert.Contains("did not connect", e.Message);
        Assert.Contains("metadata", e.Message);
    }
}
