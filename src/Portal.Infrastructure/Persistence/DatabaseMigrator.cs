using Microsoft.EntityFrameworkCore;

namespace Portal.Infrastructure.Persistence;

/// <summary>Applies the provider's migrations (at start-up on the embedded default, or from the
/// `--migrate` one-shot in production).</summary>
public interface IDatabaseMigrator
{
    Task MigrateAsync(CancellationToken ct = default);
    Task<bool> CanConnectAsync(CancellationToken ct = default);
}

internal sealed class DatabaseMigrator<TContext>(IDbContextFactory<TContext> factory) : IDatabaseMigrator where TContext : PortalDbContext
{
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
    }

    public async Task<bool> CanConnectAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Database.CanConnectAsync(ct);
    }
}
