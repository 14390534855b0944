using Portal.Domain.Moves;
using System.Text.Json.Nodes;
using Portal.Moves.Objects;
using Portal.Moves.Playbooks;

namespace Portal.Moves.Preflight;

/// <summary>What every rule reads: the transformed objects, the playbook, the target's facts, the source's storage
/// classes and the application's tenant.</summary>
internal sealed record PreflightContext(
    IReadOnlyList<JsonObject> Objects,
    MigrationPlaybook Playbook,
    TargetClusterFacts Target,
    IReadOnlyDictionary<string, string> SourceStorageClasses,
    string Tenant)
{
    /// <summary>Every claim the objects make: PVCs, StatefulSet volumeClaimTemplates and generic ephemeral volumes,
    /// with the object that makes it and the storage class asked for (null = the default class, "" = none).</summary>
    public IEnumerable<(ObjectKey Object, string Claim, string? StorageClass)> Claims()
    {
        foreach (var obj in Objects)
        {
            var key = ObjectKey.Of(obj);
            if (key is { Group: "", Kind: "PersistentVolumeClaim" }) yield return (key, key.Name, ClassOf(obj));
            foreach (var template in PodSpecs.ClaimTemplates(obj)) yield return (key, template.Metadata().StringProperty("name") ?? "", ClassOf(template));
            foreach (var volume in PodSpecs.Of(obj).SelectMany(s => s.Arr("volumes").Objects()))
            {
                if (volume.Obj("ephemeral").Obj("volumeClaimTemplate") is { } ephemeral) yield return (key, volume.StringProperty("name") ?? "", ClassOf(ephemeral));
            }
        }
    }

    /// <summary>The target class a claim lands on: the named one, or the target's default for null; null when missing.</summary>
    public StorageClassFact? TargetClass(string? name) => name is null
        ? Target.StorageClasses.FirstOrDefault(c => c.IsDefault)
        : Target.StorageClasses.FirstOrDefault(c => c.Name == name);

    private static string? ClassOf(JsonObject claim) =>
        claim.Obj("spec").StringProperty("storageClassName") ?? claim.Annotation(Transform.StorageClassMapping.LegacyAnnotation);
}
