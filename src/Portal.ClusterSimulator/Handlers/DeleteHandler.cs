using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Handlers;

/// <summary>
/// DELETE of one object or a collection. A namespace is not removed at once: it turns Terminating, its content is
/// deleted, and the controller removes it a moment later, as the namespace controller does.
/// Objects with metadata.finalizers only get a deletionTimestamp; the update removing the last finalizer deletes them.
/// The optional DeleteOptions body (propagationPolicy, preconditions) is read and otherwise ignored.
/// </summary>
internal sealed class DeleteHandler(SimulatorContext sim)
{
    public async Task DeleteAsync(ResourceRequest req)
    {
        var def = req.Definition;
        var options = await HttpJson.ReadAsync(req.Http, allowEmpty: true);
        var current = sim.Store.Get(def, req.Namespace, req.Name!) ?? throw ApiException.NotFound(def.QualifiedResource, req.Name!);
        if (options["preconditions"]?["resourceVersion"]?.ScalarText() is { } rv && rv != current["metadata"].StringProperty("resourceVersion"))
        {
            throw ApiException.Conflict(def.QualifiedResource, req.Name!);
        }
        if (req.DryRun)
        {
            await HttpJson.WriteAsync(req.Http, 200, current);
            return;
        }
        if (def.Kind == "Namespace" && def.Group.Length == 0)
        {
            await HttpJson.WriteAsync(req.Http, 200, TerminateNamespace(req.Name!));
            return;
        }
        if (Store.ObjectMetadata.HasFinalizers(current))
        {
            // finalizers hold the object: it only gets a deletionTimestamp until they are all removed
            var now = JsonHelpers.Timestamp(sim.Store.Time.GetUtcNow());
            var marked = sim.Store.Mutate(def, req.Namespace, req.Name!, o =>
            {
                if (o["metadata"]?["deletionTimestamp"] is not null) return false;
                o.Metadata()["deletionTimestamp"] = now;
                return true;
            }) ?? current;
            await HttpJson.WriteAsync(req.Http, 200, WriteHandler.WithServedVersion(req, marked));
            return;
        }
        var deleted = sim.Store.Delete(def, req.Namespace, req.Name!);
        await HttpJson.WriteAsync(req.Http, 200, WriteHandler.WithServedVersion(req, deleted));
    }

    public async Task DeleteCollectionAsync(ResourceRequest req, ReadHandler reader)
    {
        var (items, _) = reader.Filtered(req);
        var deleted = new List<JsonObject>();
        foreach (var item in items)
        {
            var name = JsonHelpers.NameOf(item)!;
            if (req.Definition.Kind == "Namespace") deleted.Add(TerminateNamespace(name));
            else deleted.Add(sim.Store.Delete(req.Definition, JsonHelpers.NamespaceOf(item), name));
        }
        await HttpJson.WriteAsync(req.Http, 200, ReadHandler.ListBody(req, deleted, sim.Store.ResourceVersion));
    }

    private JsonObject TerminateNamespace(string name)
    {
        var now = JsonHelpers.Timestamp(sim.Store.Time.GetUtcNow());
        var terminating = sim.Store.Mutate(sim.NamespaceDefinition, null, name, o =>
        {
            if (o.AtPath("status.phase").ScalarText() == "Terminating") return false;
            o.Metadata()["deletionTimestamp"] = now;
            o["status"] = new JsonObject { ["phase"] = "Terminating" };
            return true;
        }) ?? throw ApiException.NotFound("namespaces", name);
        sim.Store.DeleteAllInNamespace(name);
        return terminating;
    }
}
