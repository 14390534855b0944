using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;

namespace Portal.Application.Features.Access;

public sealed record ListUsersQuery;

public sealed record UserView(Guid Id, string DisplayName, string Email);

/// <summary>People who have signed in, for granting personas.</summary>
public sealed class ListUsers(UseCaseServices s) : IUseCase
{
    public async Task<Result<IReadOnlyList<UserView>>> HandleAsync(ListUsersQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanEstateWide(Permission.ManageTenants)) return caller.Refuse();
        await using var db = await s.OpenAsync(caller, ct);
        return await db.Users.AsNoTracking().OrderBy(u => u.DisplayName)
            .Select(u => new UserView(u.Id, u.DisplayName, u.Email)).ToListAsync(ct);
    }
}
