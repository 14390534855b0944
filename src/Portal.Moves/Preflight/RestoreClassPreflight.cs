using System.Text.Json.Nodes;
using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.Moves.Objects;
using Portal.Moves.Playbooks;
using Portal.Moves.Preflight.Rules;

namespace Portal.Moves.Preflight;

/// <summary>
/// The class checks of a move, for a restore to another cluster: every storage class the backup's claims ask for and
/// every ingress class its Ingresses name exists on the target, after the requester's mappings; in the moves' words.
/// Works from <see cref="RestoreClasses"/> (what the claims and Ingresses use, read from the source at submit), so the
/// executor checks again with the same rules when the source is gone.
/// </summary>
public static class RestoreClassPreflight
{
    /// <summary>The claims (PersistentVolumeClaims, StatefulSet claim templates, ephemeral volumes) and Ingresses of
    /// <paramref name="objects"/> with the classes they use.</summary>
    public static (IReadOnlyList<ClaimClassUse> Claims, IReadOnlyList<IngressClassUse> Ingresses) ClassesUsed(IReadOnlyList<JsonObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var context = Context(objects, new TargetClusterFacts(), new Dictionary<string, string>());
        var claims = context.Claims().Select(c => new ClaimClassUse(c.Object.ToString(), c.Claim, c.StorageClass)).Distinct().ToList();
        var ingresses = objects.Where(o => o.StringProperty("kind") == "Ingress")
            .Select(o => new IngressClassUse(o.Metadata().StringProperty("name") ?? "", IngressClassOf(o))).ToList();
        return (claims, ingresses);
    }

    /// <summary>The findings of the moves' storage-class and ingress-class rules against <paramref name="target"/>, after
    /// mapping; <paramref name="sourceStorageClasses"/> (name → provisioner) lets them suggest a class with the same driver.</summary>
    public static PreflightReport Run(RestoreClasses classes, TargetClusterFacts target, IReadOnlyDictionary<string, string> sourceStorageClasses)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(target);
        var objects = Objects(classes).ToList();
        var context = Context(objects, target, sourceStorageClasses);
        return new PreflightReport(StorageClassRule.Check(context).Concat(IngressClassRule.Check(context)).ToList());
    }

    /// <summary>The claims and Ingresses as objects, with the mappings applied (what the target will be asked for).</summary>
    private static IEnumerable<JsonObject> Objects(RestoreClasses classes)
    {
        foreach (var claim in classes.Claims)
        {
            var storageClass = claim.StorageClass is { } c && classes.StorageClassMap.TryGetValue(c, out var mapped) ? mapped : claim.StorageClass;
            var spec = new JsonObject();
            if (storageClass is not null) spec["storageClassName"] = storageClass;
            yield return new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "PersistentVolumeClaim",
                ["metadata"] = new JsonObject { ["name"] = claim.Claim },
                ["spec"] = spec,
            };
        }
        foreach (var ingress in classes.Ingresses)
        {
            var ingressClass = ingress.IngressClass is { } c && classes.IngressClassMap.TryGetValue(c, out var mapped) ? mapped : ingress.IngressClass;
            var spec = new JsonObject();
            if (ingressClass is not null) spec["ingressClassName"] = ingressClass;
            yield return new JsonObject
            {
                ["apiVersion"] = "networking.k8s.io/v1", ["kind"] = "Ingress",
                ["metadata"] = new JsonObject { ["name"] = ingress.Name },
                ["spec"] = spec,
            };
        }
    }

    private static string? IngressClassOf(JsonObject ingress) =>
        ingress.Obj("spec").StringProperty("ingressClassName") ?? ingress.Annotation("kubernetes.io/ingress.class");

    private static PreflightContext Context(IReadOnlyList<JsonObject> objects, TargetClusterFacts target, IReadOnlyDictionary<string, string> source) =>
        new(objects, MigrationPlaybook.VeleroBackupRestore, target, source, "tenant");
}
