using Portal.Domain.Moves;
using Portal.Moves.Objects;

namespace Portal.Moves.Preflight.Rules;

/// <summary>Every custom resource the objects use (any group Kubernetes does not serve itself) has its
/// CustomResourceDefinition on the target, serving that version; an aggregated API found in discovery counts too.</summary>
internal static class CustomResourceRule
{
    public static IEnumerable<PreflightFinding> Check(PreflightContext c)
    {
        var used = c.Objects.Select(ObjectKey.Of)
            .Where(k => !ApiGroups.IsBuiltIn(k.Group) && !ApiVersionRule.IsServed(c.Target, k.ApiVersion, k.Kind))
            .GroupBy(k => (k.ApiVersion, k.Kind))
            .OrderBy(g => g.Key.ApiVersion, StringComparer.Ordinal).ThenBy(g => g.Key.Kind, StringComparer.Ordinal);
        foreach (var group in used)
        {
            var (crdGroup, version) = ApiGroups.Split(group.Key.ApiVersion);
            var kind = group.Key.Kind;
            var names = string.Join(", ", group.Select(k => $"\"{k.Name}\""));
            var crd = c.Target.CustomResources.FirstOrDefault(r => r.Group == crdGroup && r.Kind == kind);
            if (crd is null)
            {
                yield return new(PreflightRules.CustomResource, PreflightSeverity.Error,
                    $"The target has no CustomResourceDefinition for {kind}.{crdGroup}, used by {names}. Install the operator or CRD that provides it on the target before the migration.", group.First());
            }
            else if (!crd.Versions.Contains(version))
            {
                yield return new(PreflightRules.CustomResource, PreflightSeverity.Error,
                    $"The target's CustomResourceDefinition for {kind}.{crdGroup} serves {string.Join(", ", crd.Versions)}, not {version} (used by {names}). Upgrade the operator on the target, or convert the objects to a served version.", group.First());
            }
        }
    }
}
