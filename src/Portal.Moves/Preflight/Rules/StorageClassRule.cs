using Portal.Domain.Moves;

namespace Portal.Moves.Preflight.Rules;

/// <summary>Every storage class the claims ask for (after the mapping) exists on the target; a claim with no class
/// needs a default class there. Suggests a target class with the same provisioner as the source's.</summary>
internal static class StorageClassRule
{
    public static IEnumerable<PreflightFinding> Check(PreflightContext c)
    {
        foreach (var group in c.Claims().GroupBy(x => x.StorageClass).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var claims = string.Join(", ", group.Select(x => x.Object.Kind == "PersistentVolumeClaim" ? $"\"{x.Claim}\"" : $"\"{x.Claim}\" of {x.Object}"));
            var first = group.First().Object;
            if (group.Key == "")
            {
                yield return new(PreflightRules.StorageClass, PreflightSeverity.Warning,
                    $"The claims {claims} ask for no storage class (\"\"), so they bind only to PersistentVolumes created by hand. Create those volumes on the target first, or give the claims a storage class.", first);
            }
            else if (c.TargetClass(group.Key) is null)
            {
                yield return new(PreflightRules.StorageClass, PreflightSeverity.Error, Missing(c, group.Key, claims), first);
            }
        }
    }

    private static string Missing(PreflightContext c, string? name, string claims)
    {
        if (name is null)
            return $"The claims {claims} use the default storage class, and the target has none. Map them to one of the target's classes ({Available(c)}) or mark one as default.";
        var sameDriver = c.SourceStorageClasses.TryGetValue(name, out var provisioner)
            ? c.Target.StorageClasses.Where(t => t.Provisioner == provisioner).Select(t => $"\"{t.Name}\"").ToList()
            : [];
        var hint = sameDriver.Count > 0
            ? $" {string.Join(" and ", sameDriver)} on the target use{(sameDriver.Count == 1 ? "s" : "")} the same provisioner ({provisioner})."
            : $" The target has {Available(c)}.";
        return $"The storage class \"{name}\" (claims {claims}) does not exist on the target. Add a storage class mapping.{hint}";
    }

    private static string Available(PreflightContext c) => c.Target.StorageClasses.Count == 0
        ? "no storage classes"
        : string.Join(", ", c.Target.StorageClasses.Select(s => $"\"{s.Name}\" ({s.Provisioner})"));
}
