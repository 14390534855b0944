using Portal.Domain.Access;

namespace Portal.Application.Features.Tokens;

public sealed record TokenScopeView(Permission Permission, string Right, Guid TenantId, string TenantName);

public sealed record AccessTokenView(Guid Id, string Name, string Hint, IReadOnlyList<TokenScopeView> Scopes, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, string? RevokedBy, bool Active)
{
    public static AccessTokenView Of(AccessToken t, IReadOnlyDictionary<Guid, string> tenantNames, DateTimeOffset now) =>
        new(t.Id, t.Name, t.Hint, t.Scopes.Select(s => new TokenScopeView(s.Permission, TokenChoices.Describe(s.Permission), s.TenantId,
                tenantNames.GetValueOrDefault(s.TenantId, "a tenant you no longer see"))).ToList(),
            t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt, t.RevokedBy, t.IsActiveAt(now));
}

/// <summary>The rights a token may carry, in words.</summary>
public static class TokenChoices
{
    public static string Describe(Permission p) => p switch
    {
        Permission.ViewTenant => "see the tenant's namespaces, backups and requests",
        Permission.ViewClusters => "see clusters",
        Permission.RequestBackup => "ask for backups",
        Permission.RequestRestore => "ask for restores",
        Permission.CancelRequest => "cancel requests",
        Permission.ApproveBackup => "approve backups",
        Permission.ApproveRestore => "approve restores",
        Permission.ApproveMigrations => "approve migration waves",
        Permission.ManageDatabases => "dump databases",
        _ => p.ToString(),
    };

    public static string Describe(IEnumerable<TokenScope> scopes, IReadOnlyDictionary<Guid, string> tenantNames) =>
        string.Join("; ", scopes.GroupBy(s => s.TenantId).Select(g =>
            $"{string.Join(", ", g.Select(s => Describe(s.Permission)))} in {tenantNames.GetValueOrDefault(g.Key, "?")}"));

    /// <summary>The permissions the API serves; a token carries only these.</summary>
    public static readonly IReadOnlyList<Permission> ApiPermissions =
        [Permission.ViewTenant, Permission.ViewClusters, Permission.RequestBackup, Permission.RequestRestore, Permission.CancelRequest,
         Permission.ApproveBackup, Permission.ApproveRestore, Permission.ApproveMigrations, Permission.ManageDatabases];
}
