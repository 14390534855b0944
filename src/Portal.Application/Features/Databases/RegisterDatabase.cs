using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Databases;

namespace Portal.Application.Features.Databases;

public sealed record RegisterDatabaseCommand(Guid TenantNamespaceId, string Name, DatabaseEngine Engine, string ServiceName, int Port,
    IReadOnlyList<string> DatabaseNames, string SecretName, string? UsernameKey, string PasswordKey, int? ServerMajorVersion,
    DatabaseSource Source = DatabaseSource.Manual, string? SourceObject = null, string? Username = null);

/// <summary>A DB engineer registers a database of a namespace their tenant owns. The Secret and its keys must
/// exist on the cluster (checked by name only: the portal never reads or stores the password).</summary>
public sealed class RegisterDatabase(UseCaseServices s, IDatabaseWorkloadGateway gateway, ClusterConnections connections) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(RegisterDatabaseCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == cmd.TenantNamespaceId, ct);
        if (ns is null) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.ManageDatabases, ns.TenantId, ns.ClusterId))
            return caller.Refuse("Only database engineers of the tenant can register its databases.");
        if (await db.DatabaseTargets.AnyAsync(d => d.ClusterId == ns.ClusterId && d.Namespace == ns.Namespace && d.Name == cmd.Name, ct))
            return Error.Conflict($"A database named {cmd.Name} is already registered in {ns.Namespace}.");

        DatabaseTarget target;
        try
        {
            // The user is a key of the Secret, or (when the Secret does not hold it) the user name itself.
            var credentials = new SecretKeyReference(cmd.SecretName, string.IsNullOrWhiteSpace(cmd.UsernameKey) ? null : cmd.UsernameKey.Trim(),
                cmd.PasswordKey, string.IsNullOrWhiteSpace(cmd.UsernameKey) ? cmd.Username?.Trim() : null);
            target = new DatabaseTarget(ns.TenantId, ns.ClusterId, ns.Namespace, (cmd.Name ?? "").Trim(), cmd.Engine, cmd.ServiceName, cmd.Port,
                cmd.DatabaseNames.Select(n => n.Trim()).Where(n => n.Length > 0).ToList(), credentials, cmd.Source, cmd.SourceObject,
                cmd.ServerMajorVersion, caller.Principal.DisplayName, s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }

        var cluster = await db.Clusters.AsNoTracking().FirstAsync(c => c.Id == ns.ClusterId, ct);
        try
        {
            var keys = await gateway.GetSecretKeysAsync(connections.For(cluster), ns.Namespace, cmd.SecretName, ct);
            if (keys is null) return Error.Validation($"There is no Secret {cmd.SecretName} in namespace {ns.Namespace}.");
            var missing = new[] { target.Credentials.UsernameKey, target.Credentials.PasswordKey }.OfType<string>().Distinct().Where(k => !keys.Keys.Contains(k)).ToList();
            if (missing.Count > 0)
                return Error.Validation($"Secret {cmd.SecretName} has no key {string.Join(" or ", missing)}; it has {string.Join(", ", keys.Keys)}.");
        }
        catch (ClusterAccessException ex)
        {
            return Error.Unavailable(ClusterConnections.Explain(ex, cluster.Name));
        }

        db.DatabaseTargets.Add(target);
        db.Audit(caller, s.Now, "database.registered", "database", target.Id.ToString(),
            $"{target.Engine.Display()} database {target.Name} in {cluster.Name}/{ns.Namespace} registered (Service {target.ServiceName}:{target.Port}, Secret {cmd.SecretName})",
            target.TenantId);
        await db.SaveChangesAsync(ct);
        return target.Id;
    }
}
