using Microsoft.AspNetCore.Http;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Hosting;

namespace Portal.ClusterSimulator.Handlers;

/// <summary>
/// Maps /api/v1/... and /apis/{group}/{version}/... requests to the verb handlers, answering Kubernetes Status
/// bodies for every failure (404 for unknown resources, 405 for unsupported verbs).
/// </summary>
internal sealed class ResourceRouter(SimulatorContext sim, CancellationToken serverStopping)
{
    private readonly ReadHandler _read = new(sim);
    private readonly WriteHandler _write = new(sim);
    private readonly DeleteHandler _delete = new(sim);
    private readonly WatchHandler _watch = new(sim, serverStopping);
    private readonly ScaleHandler _scale = new(sim);

    /// <summary>Handles the request if it addresses a resource; returns false when the path is not a resource path.</summary>
    public async Task<bool> TryHandleAsync(HttpContext http)
    {
        var split = ResourcePath.Split(http.Request.Path.Value ?? "");
        if (split is not { Tail.Length: > 0 } s) return false;
        try
        {
            var req = Resolve(http, s.Group, s.Version, s.Tail);
            await DispatchAsync(req);
        }
        catch (ApiException e)
        {
            if (!http.Response.HasStarted) await HttpJson.WriteStatusAsync(http, e);
        }
        return true;
    }

    private ResourceRequest Resolve(HttpContext http, string group, string version, string[] rest)
    {
        var parts = ResourcePath.Interpret(rest) ?? throw NotFound();
        var def = sim.IsServed(group) ? sim.Catalog.FindByPlural(group, version, parts.Plural) : null;
        if (def is null) throw NotFound();
        if (parts.Namespace is not null && !def.Namespaced) throw NotFound();
        if (parts.Subresource is not null && !(parts.Subresource == "status" && def.HasStatusSubresource)
            && !(parts.Subresource == "scale" && def.HasScaleSubresource)) throw NotFound();
        return new ResourceRequest(def, parts.Namespace, parts.Name, parts.Subresource, http);
    }

    private async Task DispatchAsync(ResourceRequest req)
    {
        var method = req.Http.Request.Method;
        var collection = req.Name is null;
        if (collection && req.Definition.Namespaced && req.Namespace is null && method is not ("GET" or "DELETE"))
        {
            throw NotFound(); // namespaced objects are created under /namespaces/{ns}/
        }
        if (req.Subresource == "scale")
        {
            await _scale.HandleAsync(req);
            return;
        }
        switch (method)
        {
            case "GET" when collection && req.IsWatch: await _watch.WatchAsync(req); break;
            case "GET" when collection: await _read.ListAsync(req); break;
            case "GET": await _read.GetAsync(req); break;
            case "POST" when collection && req.Subresource is null: await _write.CreateAsync(req); break;
            case "PUT" when !collection: await _write.ReplaceAsync(req); break;
            case "PATCH" when !collection: await _write.PatchAsync(req); break;
            case "DELETE" when collection: await _delete.DeleteCollectionAsync(req, _read); break;
            case "DELETE" when req.Subresource is null: await _delete.DeleteAsync(req); break;
            default: throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }
    }

    private static ApiException NotFound() => new(404, "NotFound", "the server could not find the requested resource");
}
