using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Handlers;

/// <summary>GET of one object and of collections (namespaced or across all namespaces) with label/field selectors.</summary>
internal sealed class ReadHandler(SimulatorContext sim)
{
    public async Task GetAsync(ResourceRequest req)
    {
        var def = req.Definition;
        var obj = sim.Store.Get(def, req.Namespace, req.Name!) ?? throw ApiException.NotFound(def.QualifiedResource, req.Name!);
        await HttpJson.WriteAsync(req.Http, 200, WriteHandler.WithServedVersion(req, obj));
    }

    public async Task ListAsync(ResourceRequest req)
    {
        var (items, rv) = Filtered(req);
        await HttpJson.WriteAsync(req.Http, 200, ListBody(req, items, rv));
    }

    /// <summary>The collection after selectors. <c>limit</c> is accepted; everything fits in one page.</summary>
    internal (List<JsonObject> Items, long ResourceVersion) Filtered(ResourceRequest req)
    {
        var labels = LabelSelector.Parse(req.QueryValue("labelSelector"));
        var fields = FieldSelector.Parse(req.QueryValue("fieldSelector"));
        var (all, rv) = sim.Store.List(req.Definition, req.Namespace);
        var items = all.Where(o => labels.Matches(o.Labels()) && fields.Matches(o)).Select(o => WriteHandler.WithServedVersion(req, o)).ToList();
        return (items, rv);
    }

    internal static JsonObject ListBody(ResourceRequest req, IEnumerable<JsonObject> items, long rv) => new()
    {
        ["kind"] = req.Definition.ListKind,
        ["apiVersion"] = req.Definition.ApiVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
    };
}
