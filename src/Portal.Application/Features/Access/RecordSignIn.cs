using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Access;

namespace Portal.Application.Features.Access;

public sealed record RecordSignInCommand(string ExternalId, string DisplayName, string Email);

/// <summary>Creates (or refreshes) the portal user for someone who just signed in, and returns the
/// portal user id that becomes their identity inside the portal.</summary>
public sealed class RecordSignIn(IPortalDbContextFactory factory, TimeProvider time) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(RecordSignInCommand cmd, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(cmd.ExternalId)) return Error.Validation("The sign-in did not carry a user id.");
        // Users are not tenant-owned; the narrowest scope suffices.
        await using var db = await factory.CreateAsync(TenantScope.Nothing, ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.ExternalId == cmd.ExternalId, ct);
        if (user is null)
        {
            user = new PortalUser(cmd.ExternalId, cmd.DisplayName, cmd.Email);
            db.Users.Add(user);
            db.AuditEvents.Add(new Domain.Auditing.AuditEvent(time.GetUtcNow(), cmd.DisplayName, "user.first-sign-in", "user", user.Id.ToString(),
                $"{cmd.DisplayName} ({cmd.Email}) signed in for the first time"));
        }
        else user.Refresh(cmd.DisplayName, cmd.Email);
        await db.SaveChangesAsync(ct);
        return user.Id;
    }
}
