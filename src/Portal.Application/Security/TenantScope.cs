namespace Portal.Application.Security;

/// <summary>Which tenant-owned rows a database context may return. Every context is created with one;
/// there is no unfiltered context for user code.</summary>
public sealed record TenantScope(bool All, IReadOnlyList<Guid> TenantIds, IReadOnlyList<Guid> ClusterIds)
{
    public static readonly TenantScope Everything = new(true, [], []);
    public static readonly TenantScope Nothing = new(false, [], []);
}
