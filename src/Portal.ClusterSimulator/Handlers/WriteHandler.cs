using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Patch;

namespace Portal.ClusterSimulator.Handlers;

/// <summary>POST, PUT and PATCH, including the status subresource rules for types that declare it.</summary>
internal sealed class WriteHandler(SimulatorContext sim)
{
    public async Task CreateAsync(ResourceRequest req)
    {
        var def = req.Definition;
        var obj = await ReadObjectAsync(req);
        Admission.CheckTypeMeta(def, obj);
        var meta = obj.Metadata();
        if (def.Namespaced)
        {
            var bodyNs = meta.StringProperty("namespace");
            if (bodyNs is not null && bodyNs != req.Namespace)
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            meta["namespace"] = req.Namespace;
            RequireActiveNamespace(req.Namespace!);
        }
        if (meta.StringProperty("resourceVersion") is { Length: > 0 })
        {
            // kube-apiserver's storage layer refuses this and it surfaces as an internal error.
            throw new ApiException(500, "InternalError", "Internal error occurred: resourceVersion should not be set on objects to be created");
        }
        if (def.HasStatusSubresource) obj.Remove("status");
        if (def.Kind == "Namespace")
        {
            obj["status"] = new JsonObject { ["phase"] = "Active" };
            obj["spec"] ??= new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
        }
        BuiltInDefaults.Apply(def, obj);
        Admission.CheckMetadata(def, obj);
        Admission.Validate(def, obj, req.FieldValidation, req.Http.Response);
        if (JsonHelpers.NameOf(obj) is null && meta.StringProperty("generateName") is null)
        {
            throw ApiException.Invalid(def.QualifiedKind, "", def.Group, def.Kind, [("metadata.name", "FieldValueRequired", "metadata.name: Required value: name or generateName is required")]);
        }
        if (req.DryRun)
        {
            await HttpJson.WriteAsync(req.Http, 201, obj);
            return;
        }
        var created = sim.Store.Create(def, obj);
        await HttpJson.WriteAsync(req.Http, 201, WithServedVersion(req, created));
    }

    public async Task ReplaceAsync(ResourceRequest req)
    {
        var def = req.Definition;
        var obj = await ReadObjectAsync(req);
        Admission.CheckTypeMeta(def, obj);
        var meta = obj.Metadata();
        if (meta.StringProperty("name") is { } bodyName && bodyName != req.Name)
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({req.Name})");
        meta["name"] = req.Name;
        if (def.Namespaced) meta["namespace"] = req.Namespace;
        var rv = meta.StringProperty("resourceVersion");
        if (string.IsNullOrEmpty(rv) && def.Schema is not null)
        {
            // custom resources do not allow unconditional updates
            throw ApiException.Invalid(def.QualifiedKind, req.Name!, def.Group, def.Kind,
                [("metadata.resourceVersion", "FieldValueInvalid", "metadata.resourceVersion: Invalid value: 0x0: must be specified for an update")]);
        }
        var saved = Save(req, obj, string.IsNullOrEmpty(rv) ? null : rv);
        await HttpJson.WriteAsync(req.Http, 200, WithServedVersion(req, saved));
    }

    public async Task PatchAsync(ResourceRequest req)
    {
        var def = req.Definition;
        var contentType = (req.Http.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var isCustom = def.Schema is not null;
        if (contentType == "application/strategic-merge-patch+json" && isCustom) throw ApiException.UnsupportedMediaType(contentType);
        if (contentType is not ("application/merge-patch+json" or "application/json-patch+json" or "application/strategic-merge-patch+json" or "application/apply-patch+yaml"))
            throw ApiException.UnsupportedMediaType(contentType);

        var patch = await HttpJson.ReadAsync(req.Http);
        for (var attempt = 0; ; attempt++)
        {
            var current = sim.Store.Get(def, req.Namespace, req.Name!);
            if (current is null)
            {
                if (contentType == "application/apply-patch+yaml" && patch is JsonObject applied && req.Subresource is null)
                {
                    // server-side apply of a missing object creates it
                    Admission.CheckTypeMeta(def, applied);
                    applied.Metadata()["name"] = req.Name;
                    if (def.Namespaced) applied.Metadata()["namespace"] = req.Namespace;
                    Admission.Validate(def, applied, req.FieldValidation, req.Http.Response);
                    await HttpJson.WriteAsync(req.Http, 201, WithServedVersion(req, sim.Store.Create(def, applied)));
                    return;
                }
                throw ApiException.NotFound(def.QualifiedResource, req.Name!);
            }
            var currentRv = current["metadata"].StringProperty("resourceVersion");
            var patched = contentType switch
            {
                "application/json-patch+json" => JsonPatch.Apply(current, patch),
                "application/strategic-merge-patch+json" => StrategicMergePatch.Apply(current, patch),
                _ => MergePatch.Apply(current, patch),
            };
            if (patched is not JsonObject patchedObj) throw ApiException.BadRequest("the patch did not produce an object");
            // a resourceVersion inside the patch is a precondition; otherwise the patch applies to whatever is current
            var patchedRv = patchedObj["metadata"].StringProperty("resourceVersion");
            var requestedRv = contentType == "application/json-patch+json"
                ? (patchedRv == currentRv ? null : patchedRv)
                : patch["metadata"].StringProperty("resourceVersion");
            patchedObj.Metadata()["name"] = req.Name;
            if (def.Namespaced) patchedObj.Metadata()["namespace"] = req.Namespace;
            try
            {
                var saved = Save(req, patchedObj, requestedRv ?? currentRv);
                await HttpJson.WriteAsync(req.Http, 200, WithServedVersion(req, saved));
                return;
            }
            catch (ApiException e) when (e.Code == 409 && requestedRv is null && attempt < 5)
            {
                // someone wrote in between; the real server retries patches that carry no precondition
            }
        }
    }

    /// <summary>Applies status-subresource rules, validates and stores an update.</summary>
    private JsonObject Save(ResourceRequest req, JsonObject obj, string? expectedRv)
    {
        var def = req.Definition;
        if (def.HasStatusSubresource)
        {
            var stored = sim.Store.Get(def, req.Namespace, req.Name!) ?? throw ApiException.NotFound(def.QualifiedResource, req.Name!);
            if (req.Subresource == "status")
            {
                // only status moves; everything else stays as stored
                var status = obj["status"]?.DeepClone();
                var rv = obj["metadata"].StringProperty("resourceVersion");
                obj = stored;
                if (status is null) obj.Remove("status");
                else obj["status"] = status;
                if (rv is not null) obj.Metadata()["resourceVersion"] = rv;
            }
            else
            {
                if (stored["status"] is { } keep) obj["status"] = keep.DeepClone();
                else obj.Remove("status");
                UpdateRules.Apply(def, stored, obj);
            }
        }
        BuiltInDefaults.Apply(def, obj);
        Admission.CheckMetadata(def, obj);
        Admission.Validate(def, obj, req.FieldValidation, req.Http.Response);
        if (req.DryRun) return obj;
        return sim.Store.Update(def, obj, expectedRv);
    }

    private async Task<JsonObject> ReadObjectAsync(ResourceRequest req) =>
        await HttpJson.ReadAsync(req.Http) as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object");

    private void RequireActiveNamespace(string ns)
    {
        var nsObj = sim.Store.Get(sim.NamespaceDefinition, null, ns) ?? throw ApiException.NotFound("namespaces", ns);
        if (nsObj.AtPath("status.phase").ScalarText() == "Terminating")
        {
            throw new ApiException(403, "Forbidden", $"unable to create new content in namespace {ns} because it is being terminated");
        }
    }

    /// <summary>Objects are stored once per group/resource; answer with the apiVersion the client asked for.</summary>
    internal static JsonObject WithServedVersion(ResourceRequest req, JsonObject obj)
    {
        obj["apiVersion"] = req.Definition.ApiVersion;
        return obj;
    }
}
