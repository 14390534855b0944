using Portal.Domain.Moves;
using Portal.Moves.Objects;

namespace Portal.Moves.Preflight.Rules;

/// <summary>Each namespace the application lands in is free on the target, or already belongs to the same tenant
/// (a warning: the migration adds to it and replaces objects of the same name).</summary>
internal static class NamespaceRule
{
    public static IEnumerable<PreflightFinding> Check(PreflightContext c)
    {
        var names = c.Objects.Select(o => o.Metadata().StringProperty("namespace"))
            .Concat(c.Objects.Where(o => o.StringProperty("kind") == "Namespace" && o.StringProperty("apiVersion") == "v1").Select(o => o.Metadata().StringProperty("name")))
            .OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var existing = c.Target.Namespaces.FirstOrDefault(n => n.Name == name);
            if (existing is null) continue;
            if (existing.OwnerTenant is null)
            {
                yield return new(PreflightRules.Namespace, PreflightSeverity.Error,
                    $"The namespace \"{name}\" already exists on the target and the portal does not know which tenant owns it. Rename the application's namespace with a mapping, or ask a platform engineer to assign \"{name}\" to the tenant \"{c.Tenant}\".");
            }
            else if (existing.OwnerTenant != c.Tenant)
            {
                yield return new(PreflightRules.Namespace, PreflightSeverity.Error,
                    $"The namespace \"{name}\" already exists on the target and belongs to the tenant \"{existing.OwnerTenant}\". Rename the application's namespace with a mapping.");
            }
            else
            {
                yield return new(PreflightRules.Namespace, PreflightSeverity.Warning,
                    $"The namespace \"{name}\" already exists on the target and belongs to your tenant \"{c.Tenant}\": the migration adds to it and leaves objects already there with the same names as they are. Acknowledge, or rename the namespace with a mapping.");
            }
        }
    }
}
