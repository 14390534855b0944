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
        FieldOwnership.RecordUpdate(null, obj, req.Manager, def.ApiVersion, null, def.HasStatusSubresource, sim.Store.Time.GetUtcNow());
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

        var isApply = contentType == "application/apply-patch+yaml";
        CheckPatchOptions(req, isApply);
        var patch = await HttpJson.ReadAsync(req.Http);
        if (isApply) CheckApplyConfiguration(req, patch);
        for (var attempt = 0; ; attempt++)
        {
            var current = sim.Store.Get(def, req.Namespace, req.Name!);
            if (current is null)
            {
                if (isApply && patch is JsonObject applied && req.Subresource is null)
                {
                    await ApplyCreateAsync(req, applied);
                    return;
                }
                throw ApiException.NotFound(def.QualifiedResource, req.Name!);
            }
            var currentRv = current["metadata"].StringProperty("resourceVersion");
            var patched = contentType switch
            {
                "application/json-patch+json" => JsonPatch.Apply(current, patch),
                "application/strategic-merge-patch+json" => StrategicMergePatch.Apply(current, patch),
                "application/apply-patch+yaml" => FieldOwnership.Apply(current, (JsonObject)patch, req.FieldManager!, req.Force,
                    def.ApiVersion, def.HasStatusSubresource, sim.Store.Time.GetUtcNow()),
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
                var saved = Save(req, patchedObj, requestedRv ?? currentRv, ownershipRecorded: isApply);
                await HttpJson.WriteAsync(req.Http, 200, WithServedVersion(req, saved));
                return;
            }
            catch (ApiException e) when (e.Code == 409 && requestedRv is null && attempt < 5)
            {
                // someone wrote in between; the real server retries patches that carry no precondition
            }
        }
    }

    /// <summary>
    /// Server-side apply of a missing object creates it (201), with the applied fields owned by the field manager. The
    /// API server checks the <c>create</c> verb then as well as <c>patch</c>.
    /// </summary>
    private async Task ApplyCreateAsync(ResourceRequest req, JsonObject applied)
    {
        var def = req.Definition;
        var config = applied.CloneObject();
        applied.Metadata()["name"] = req.Name;
        if (def.Namespaced)
        {
            applied.Metadata()["namespace"] = req.Namespace;
            RequireActiveNamespace(req.Namespace!);
        }
        if (applied["metadata"].StringProperty("resourceVersion") is { Length: > 0 })
        {
            // a resourceVersion in an apply is a precondition, and a missing object has none
            throw ApiException.Conflict(def.QualifiedResource, req.Name!);
        }
        if (def.HasStatusSubresource) applied.Remove("status");
        BuiltInDefaults.Apply(def, applied);
        Admission.CheckMetadata(def, applied);
        Admission.Validate(def, applied, req.FieldValidation, req.Http.Response);
        FieldOwnership.RecordApplyCreate(applied, config, req.FieldManager!, def.ApiVersion, def.HasStatusSubresource, sim.Store.Time.GetUtcNow());
        if (req.DryRun)
        {
            await HttpJson.WriteAsync(req.Http, 201, applied);
            return;
        }
        await HttpJson.WriteAsync(req.Http, 201, WithServedVersion(req, sim.Store.Create(def, applied)));
    }

    /// <summary>PatchOptions as kube-apiserver validates them, before it looks the object up: an apply names its field
    /// manager; only an apply may force.</summary>
    private static void CheckPatchOptions(ResourceRequest req, bool isApply)
    {
        if (isApply && req.FieldManager is null)
        {
            throw ApiException.Invalid("PatchOptions.meta.k8s.io", "", "meta.k8s.io", "PatchOptions",
                [("fieldManager", "FieldValueRequired", "fieldManager: Required value: is required for apply patch")]);
        }
        if (!isApply && req.HasForce)
        {
            throw ApiException.Invalid("PatchOptions.meta.k8s.io", "", "meta.k8s.io", "PatchOptions",
                [("force", "FieldValueForbidden", "force: Forbidden: may not be specified for non-apply patch")]);
        }
    }

    /// <summary>An apply configuration is a whole object of the URL's type and name, without server bookkeeping.</summary>
    private static void CheckApplyConfiguration(ResourceRequest req, JsonNode patch)
    {
        var def = req.Definition;
        if (patch is not JsonObject config) throw ApiException.BadRequest("the apply configuration must be an object");
        if (config.StringProperty("apiVersion") is null || config.StringProperty("kind") is null)
            throw ApiException.BadRequest("Object 'apiVersion' and 'Kind' must be set in an apply configuration");
        Admission.CheckTypeMeta(def, config);
        if (config["metadata"]?["managedFields"] is not null) throw ApiException.BadRequest("metadata.managedFields must be nil");
        if (config["metadata"].StringProperty("name") is { } name && name != req.Name)
            throw ApiException.BadRequest($"the name of the object ({name}) does not match the name on the URL ({req.Name})");
    }

    /// <summary>Applies status-subresource rules, validates and stores an update; records the writer's fields in
    /// managedFields unless an apply already did.</summary>
    private JsonObject Save(ResourceRequest req, JsonObject obj, string? expectedRv, bool ownershipRecorded = false)
    {
        var def = req.Definition;
        var before = sim.Store.Get(def, req.Namespace, req.Name!);
        if (def.HasStatusSubresource)
        {
            var stored = before?.CloneObject() ?? throw ApiException.NotFound(def.QualifiedResource, req.Name!);
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
        if (!ownershipRecorded)
        {
            if (before?["metadata"]?["managedFields"] is { } kept) obj.Metadata()["managedFields"] = kept.DeepClone();
            else obj.Metadata().Remove("managedFields"); // a client's copy of managedFields is not taken as given
            FieldOwnership.RecordUpdate(before, obj, req.Manager, def.ApiVersion, req.Subresource, def.HasStatusSubresource,
                sim.Store.Time.GetUtcNow());
        }
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
