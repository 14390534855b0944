using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Tenants;

namespace Portal.Application.Features.Tenants;

public sealed record CreateTenantCommand(string Slug, string DisplayName);

public sealed class CreateTenant(UseCaseServices s) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(CreateTenantCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanEstateWide(Permission.ManageTenants)) return caller.Refuse("Only platform engineers can create tenants.");
        var slug = (cmd.Slug ?? "").Trim();
        if (KubernetesName.ExplainInvalidLabel(slug, "tenant slug") is { } why) return Error.Validation(why);
        if (string.IsNullOrWhiteSpace(cmd.DisplayName)) return Error.Validation("Give the tenant a display name.");
        await using var db = await s.OpenAsync(caller, ct);
        if (await db.Tenants.AnyAsync(t => t.Slug == slug, ct)) return Error.Conflict($"A tenant with slug {slug} already exists.");
        var tenant = new Tenant(slug, cmd.DisplayName);
        db.Tenants.Add(tenant);
        db.Audit(caller, s.Now, "tenant.created", "tenant", tenant.Id.ToString(), $"Tenant {tenant.DisplayName} ({slug}) created", tenant.Id);
        await db.SaveChangesAsync(ct);
        return tenant.Id;
    }
}
