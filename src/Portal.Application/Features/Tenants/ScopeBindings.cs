using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;

namespace Portal.Application.Features.Tenants;

public sealed record AddScopeBindingCommand(PrincipalKind PrincipalKind, string PrincipalId, Persona Persona, ScopeKind ScopeKind,
    Guid? TenantId, Guid? ClusterId);

/// <summary>A platform engineer gives a user, an Entra group or an Entra application (a pipeline calling the API with an app-only
/// token) a persona over the estate, a tenant or a cluster. An application is named by a GUID, refused in words otherwise.</summary>
public sealed class AddScopeBinding(UseCaseServices s) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(AddScopeBindingCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanEstateWide(Permission.ManageTenants)) return caller.Refuse("Only platform engineers can grant personas.");
        var principal = (cmd.PrincipalId ?? "").Trim();
        if (principal.Length == 0)
            return Error.Validation(cmd.PrincipalKind switch
            {
                PrincipalKind.Application => "Enter the Entra application's client id or object id.",
                PrincipalKind.Group => "Enter the Entra group's object id.",
                _ => "Choose a user.",
            }) with { Field = "principalId" };
        if (cmd.PrincipalKind == PrincipalKind.Application && ScopeBinding.ExplainInvalidApplicationId(principal) is { } notAnId)
            return Error.Validation(notAnId) with { Field = "principalId" };
        if (cmd.ScopeKind == ScopeKind.Tenant && cmd.TenantId is null) return Error.Validation("Choose the tenant.");
        if (cmd.ScopeKind == ScopeKind.Cluster && cmd.ClusterId is null) return Error.Validation("Choose the cluster.");
        await using var db = await s.OpenAsync(caller, ct);
        if (cmd.ScopeKind == ScopeKind.Tenant && !await db.Tenants.AnyAsync(t => t.Id == cmd.TenantId, ct)) return Error.NotFound("The tenant");
        if (cmd.ScopeKind == ScopeKind.Cluster && !await db.Clusters.AnyAsync(c => c.Id == cmd.ClusterId, ct)) return Error.NotFound("The cluster");
        if (cmd.PrincipalKind == PrincipalKind.User
            && !(Guid.TryParse(principal, out var userId) && await db.Users.AnyAsync(u => u.Id == userId, ct)))
            return Error.Validation("That user has never signed in; bind their Entra group instead, or ask them to sign in once.");
        var binding = new ScopeBinding(cmd.PrincipalKind, principal, cmd.Persona, cmd.ScopeKind, cmd.TenantId, cmd.ClusterId);
        var duplicate = await db.ScopeBindings.AnyAsync(b => b.PrincipalKind == binding.PrincipalKind && b.PrincipalId == binding.PrincipalId
            && b.Persona == binding.Persona && b.ScopeKind == binding.ScopeKind && b.TenantId == binding.TenantId && b.ClusterId == binding.ClusterId, ct);
        if (duplicate) return Error.Conflict("That binding exists already.");
        db.ScopeBindings.Add(binding);
        db.Audit(caller, s.Now, "binding.added", "binding", binding.Id.ToString(),
            $"{ScopeBindingView.Describe(binding.PrincipalKind, binding.PrincipalId)} holds {cmd.Persona.Display()} over {cmd.ScopeKind}", cmd.TenantId);
        await db.SaveChangesAsync(ct);
        return binding.Id;
    }
}

public sealed record RemoveScopeBindingCommand(Guid BindingId);

public sealed class RemoveScopeBinding(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(RemoveScopeBindingCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanEstateWide(Permission.ManageTenants)) return caller.Refuse("Only platform engineers can revoke personas.");
        await using var db = await s.OpenAsync(caller, ct);
        var binding = await db.ScopeBindings.FirstOrDefaultAsync(b => b.Id == cmd.BindingId, ct);
        if (binding is null) return Error.NotFound("The binding");
        db.ScopeBindings.Remove(binding);
        db.Audit(caller, s.Now, "binding.removed", "binding", binding.Id.ToString(),
            $"{ScopeBindingView.Describe(binding.PrincipalKind, binding.PrincipalId)} no longer holds {binding.Persona.Display()} over {binding.ScopeKind}", binding.TenantId);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}

public sealed record ListScopeBindingsQuery;

public sealed record ScopeBindingView(Guid Id, PrincipalKind PrincipalKind, string PrincipalId, string PrincipalName, Persona Persona,
    ScopeKind ScopeKind, string ScopeName)
{
    /// <summary>The kind in the page's words: User, Group, Application.</summary>
    public string KindName => PrincipalKind.ToString();

    public static string Describe(PrincipalKind kind, string id) => kind switch
    {
        PrincipalKind.User => $"User {id}",
        PrincipalKind.Application => $"Entra application {id}",
        _ => $"Entra group {id}",
    };
}

public sealed class ListScopeBindings(UseCaseServices s) : IUseCase
{
    public async Task<Result<IReadOnlyList<ScopeBindingView>>> HandleAsync(ListScopeBindingsQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanEstateWide(Permission.ManageTenants)) return caller.Refuse("Only platform engineers can see who holds which persona.");
        await using var db = await s.OpenAsync(caller, ct);
        var bindings = await db.ScopeBindings.AsNoTracking().ToListAsync(ct);
        var users = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id.ToString(), u => u.DisplayName, ct);
        var tenants = await db.Tenants.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.DisplayName, ct);
        var clusters = await db.Clusters.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return bindings.Select(b => new ScopeBindingView(b.Id, b.PrincipalKind, b.PrincipalId,
                b.PrincipalKind switch
                {
                    PrincipalKind.User => users.GetValueOrDefault(b.PrincipalId, b.PrincipalId),
                    PrincipalKind.Application => $"application {b.PrincipalId}",
                    _ => $"group {b.PrincipalId}",
                },
                b.Persona, b.ScopeKind,
                b.ScopeKind switch
                {
                    ScopeKind.Tenant => "tenant " + tenants.GetValueOrDefault(b.TenantId!.Value, "?"),
                    ScopeKind.Cluster => "cluster " + clusters.GetValueOrDefault(b.ClusterId!.Value, "?"),
                    _ => "whole estate",
                }))
            .OrderBy(v => v.PrincipalName).ThenBy(v => v.Persona).ToList();
    }
}
