using Portal.Domain.Moves;
using System.Text.Json.Nodes;
using Portal.Moves.Objects;

namespace Portal.Moves.Transform;

/// <summary>
/// Strips what belongs to the source cluster: identity and bookkeeping in metadata, status, addresses and ports
/// the source allocated, the node a Pod ran on, the volume a claim was bound to. Works on a copy.
/// </summary>
internal static class SourceFields
{
    private static readonly string[] MetadataFields =
    [
        "uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "selfLink",
        "deletionTimestamp", "deletionGracePeriodSeconds", "ownerReferences",
    ];

    /// <summary>Written by kubectl or by controllers about the source's history; the target writes its own.</summary>
    private static readonly string[] SourceAnnotations =
    [
        "kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision",
        "deprecated.daemonset.template.generation",
    ];

    private static readonly string[] ClaimBindingAnnotations =
    [
        "pv.kubernetes.io/bind-completed", "pv.kubernetes.io/bound-by-controller",
        "volume.beta.kubernetes.io/storage-provisioner", "volume.kubernetes.io/storage-provisioner",
        "volume.kubernetes.io/selected-node",
    ];

    /// <summary>The Job controller's labels that carry the source Job's uid; the target's Job gets its own.</summary>
    private static readonly string[] JobUidLabels = ["controller-uid", "batch.kubernetes.io/controller-uid"];

    public static void Strip(JsonObject obj, ExportIndex index, List<string> notes)
    {
        var key = ObjectKey.Of(obj);
        var meta = obj.Metadata();
        if (meta is not null)
        {
            foreach (var field in MetadataFields) meta.Remove(field);
            foreach (var annotation in SourceAnnotations) meta.RemoveFrom("annotations", annotation);
        }
        obj.Remove("status");
        RemoveNullTemplateTimestamps(obj);

        switch (key.Group, key.Kind)
        {
            case ("", "Service"):
                Services.Strip(obj, key, notes);
                break;
            case ("", "Pod"):
                StripPod(obj, key, index, notes);
                break;
            case ("", "PersistentVolumeClaim"):
                StripClaim(obj, key, notes);
                break;
            case ("apps", "StatefulSet"):
                foreach (var template in PodSpecs.ClaimTemplates(obj)) template.Remove("status");
                break;
            case ("batch", "Job"):
                StripJob(obj);
                break;
            case ("", "ServiceAccount"):
                StripTokenReferences(obj, key, index);
                break;
        }
    }

    /// <summary>Pod templates come back with <c>creationTimestamp: null</c> in their metadata.</summary>
    private static void RemoveNullTemplateTimestamps(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                {
                    if (name == "metadata" && child is JsonObject m && m.ContainsKey("creationTimestamp") && m["creationTimestamp"] is null)
                        m.Remove("creationTimestamp");
                    RemoveNullTemplateTimestamps(child);
                }
                break;
            case JsonArray a:
                foreach (var child in a) RemoveNullTemplateTimestamps(child);
                break;
        }
    }

    private static void StripPod(JsonObject pod, ObjectKey key, ExportIndex index, List<string> notes)
    {
        if (pod.Obj("spec") is not { } spec) return;
        spec.Remove("nodeName");
        // The Priority admission plugin computes it from priorityClassName and refuses a Pod that carries another value.
        spec.Remove("priority");
        if (spec.Arr("ephemeralContainers") is { Count: > 0 })
        {
            spec.Remove("ephemeralContainers");
            notes.Add($"{key}: its debug (ephemeral) containers are left out; the API server refuses them when a Pod is created.");
        }
        var tokenVolumes = spec.Arr("volumes").Objects()
            .Where(v => v.Obj("secret").StringProperty("secretName") is { } secret && index.IsTokenSecret(key.Namespace, secret))
            .ToList();
        if (tokenVolumes.Count == 0) return;
        var names = tokenVolumes.Select(v => v.StringProperty("name")).ToHashSet();
        foreach (var volume in tokenVolumes) spec.Arr("volumes")!.Remove(volume);
        foreach (var container in PodSpecs.Containers(spec))
        {
            if (container.Arr("volumeMounts") is not { } mounts) continue;
            foreach (var mount in mounts.Objects().Where(m => names.Contains(m.StringProperty("name"))).ToList()) mounts.Remove(mount);
        }
    }

    private static void StripClaim(JsonObject claim, ObjectKey key, List<string> notes)
    {
        var meta = claim.Metadata();
        if (meta is not null)
        {
            foreach (var annotation in ClaimBindingAnnotations) meta.RemoveFrom("annotations", annotation);
        }
        if (claim.Obj("spec") is not { } spec) return;
        spec.Remove("volumeName");
        var source = spec.Obj("dataSourceRef") ?? spec.Obj("dataSource");
        if (source is null) return;
        spec.Remove("dataSource");
        spec.Remove("dataSourceRef");
        notes.Add($"{key}: it was filled from {source.StringProperty("kind")} \"{source.StringProperty("name")}\" on the source; on the target it starts empty and the playbook copies its data.");
    }

    private static void StripJob(JsonObject job)
    {
        if (job.Obj("spec") is not { } spec) return;
        // Without manualSelector the API server generates the selector from the new Job's uid.
        if (!spec.Bool("manualSelector")) spec.Remove("selector");
        if (spec.Obj("template").Metadata() is { } templateMeta)
        {
            foreach (var label in JobUidLabels) templateMeta.RemoveFrom("labels", label);
        }
        if (job.Metadata() is { } meta)
        {
            foreach (var label in JobUidLabels) meta.RemoveFrom("labels", label);
        }
    }

    /// <summary>Old clusters list the ServiceAccount's token Secrets; those are left out, so the references go too.</summary>
    private static void StripTokenReferences(JsonObject account, ObjectKey key, ExportIndex index)
    {
        if (account.Arr("secrets") is not { } secrets) return;
        foreach (var reference in secrets.Objects().Where(s => s.StringProperty("name") is { } n && index.IsTokenSecret(key.Namespace, n)).ToList())
            secrets.Remove(reference);
        if (secrets.Count == 0) account.Remove("secrets");
    }
}
