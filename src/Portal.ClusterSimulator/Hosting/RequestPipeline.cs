using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Discovery;
using Portal.ClusterSimulator.Handlers;
using Portal.ClusterSimulator.OpenApi;

namespace Portal.ClusterSimulator.Hosting;

/// <summary>
/// The terminal request handler: health, version, discovery and openapi documents, then resource requests.
/// Anything else is a 404 Status, as on a real API server.
/// </summary>
internal sealed class RequestPipeline(SimulatorContext sim, CancellationToken serverStopping)
{
    private readonly ResourceRouter _router = new(sim, serverStopping);

    public async Task HandleAsync(HttpContext http)
    {
        var path = (http.Request.Path.Value ?? "/").TrimEnd('/');
        if (path.Length == 0) path = "/";
        switch (path)
        {
            case "/version":
                await HttpJson.WriteAsync(http, 200, DiscoveryDocuments.Version());
                return;
            case "/healthz" or "/livez" or "/readyz":
                http.Response.ContentType = "text/plain";
                await http.Response.WriteAsync("ok", http.RequestAborted);
                return;
            case "/api":
                await HttpJson.WriteAsync(http, 200, DiscoveryDocuments.CoreVersions());
                return;
            case "/apis":
                await HttpJson.WriteAsync(http, 200, DiscoveryDocuments.Groups(sim));
                return;
            case "/openapi/v3":
                await HttpJson.WriteAsync(http, 200, OpenApiDocuments.Index(sim));
                return;
            case "/openapi/v2":
                await WriteOpenApiV2Async(http);
                return;
        }
        if (path.StartsWith(Velero.DownloadFiles.PathPrefix, StringComparison.Ordinal))
        {
            await WriteDownloadAsync(http, path[Velero.DownloadFiles.PathPrefix.Length..]);
            return;
        }
        if (path.StartsWith("/openapi/v3/", StringComparison.Ordinal))
        {
            await WriteOrNotFoundAsync(http, OpenApiDocuments.ForPath(sim, path["/openapi/v3/".Length..]));
            return;
        }
        var split = ResourcePath.Split(path);
        if (split is { Tail.Length: 0 } gv)
        {
            await WriteOrNotFoundAsync(http, sim.IsServed(gv.Group) ? DiscoveryDocuments.Resources(sim, gv.Group, gv.Version) : null);
            return;
        }
        if (await _router.TryHandleAsync(http)) return;
        var seg = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (seg is ["apis", var group])
        {
            var doc = DiscoveryDocuments.Groups(sim)["groups"]!.AsArray().FirstOrDefault(g => (string?)g?["name"] == group);
            var body = doc is null ? null : (JsonObject)doc.DeepClone();
            if (body is not null)
            {
                body["kind"] = "APIGroup";
                body["apiVersion"] = "v1";
            }
            await WriteOrNotFoundAsync(http, body);
            return;
        }
        await WriteOrNotFoundAsync(http, null);
    }

    /// <summary>A file of the simulated object storage, as S3 serves an object behind a pre-signed URL.</summary>
    private async Task WriteDownloadAsync(HttpContext http, string token)
    {
        if (!HttpMethods.IsGet(http.Request.Method) || sim.Downloads.Find(token, sim.Store.Time.GetUtcNow()) is not { } file)
        {
            // S3 answers an unknown or expired pre-signed URL with 403 and an XML error; its words are enough here.
            http.Response.StatusCode = 403;
            http.Response.ContentType = "text/plain";
            await http.Response.WriteAsync("Request has expired or the address is not valid", http.RequestAborted);
            return;
        }
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/octet-stream";
        http.Response.ContentLength = file.Length;
        await http.Response.Body.WriteAsync(file, http.RequestAborted);
    }

    private static async Task WriteOpenApiV2Async(HttpContext http)
    {
        if (http.Request.Headers.Accept.ToString().Contains("protobuf", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.ContentType = OpenApiV2Document.ProtobufContentType;
            await http.Response.Body.WriteAsync(OpenApiV2Document.Protobuf(), http.RequestAborted);
            return;
        }
        await HttpJson.WriteAsync(http, 200, OpenApiV2Document.Json());
    }

    private static Task WriteOrNotFoundAsync(HttpContext http, JsonObject? body) =>
        body is null
            ? HttpJson.WriteAsync(http, 404, StatusBody.Failure(404, "NotFound", "the server could not find the requested resource"))
            : HttpJson.WriteAsync(http, 200, body);
}
