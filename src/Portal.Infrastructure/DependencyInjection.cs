using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Application.Common;
using Portal.Infrastructure.Notifications;
using Portal.Application.Abstractions;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Persistence.Queue;
using Portal.Infrastructure.Security;

namespace Portal.Infrastructure;

public static class DependencyInjection
{
    /// <summary>EF Core on the configured provider, the request queue and credential encryption.</summary>
    public static IServiceCollection AddPortalInfrastructure(this IServiceCollection services, DatabaseOptions db)
    {
        if (db.IsPostgres)
        {
            services.AddDbContextFactory<PostgresPortalDbContext>(o => o.UseNpgsql(db.ConnectionString));
            services.AddSingleton<IPortalDbContextFactory, PortalDbContextFactory<PostgresPortalDbContext>>();
            services.AddSingleton<IDatabaseMigrator, DatabaseMigrator<PostgresPortalDbContext>>();
        }
        else
        {
            EnsureSqliteFolder(db.ConnectionString);
            services.AddDbContextFactory<SqlitePortalDbContext>(o => o.UseSqlite(db.ConnectionString));
            services.AddSingleton<IPortalDbContextFactory, PortalDbContextFactory<SqlitePortalDbContext>>();
            services.AddSingleton<IDatabaseMigrator, DatabaseMigrator<SqlitePortalDbContext>>();
        }
        services.AddSingleton<IRequestQueue, RequestQueue>();
        services.AddSingleton<INotificationQueue, NotificationQueue>();
        AddChangeRelay(services, db);

        // Where the key ring is kept is said once, by AddPortalKeyRing (in the database, under a certificate); without it
        // (unit and component tests) the keys live in memory.
        services.AddDataProtection().SetApplicationName("kubernetes-portal");
        services.AddSingleton<ICredentialProtector, DataProtectionCredentialProtector>();
        return services;
    }

    /// <summary>Change notifications reach the other replicas through PostgreSQL LISTEN/NOTIFY; on SQLite there is one
    /// process, so they stay in it.</summary>
    private static void AddChangeRelay(IServiceCollection services, DatabaseOptions db)
    {
        if (!db.IsPostgres)
        {
            services.AddSingleton<IChangeRelay>(InProcessChangeRelay.Instance);
            return;
        }
        services.AddSingleton(sp => new PostgresChangeRelay(db.ConnectionString, sp.GetRequiredService<ILogger<PostgresChangeRelay>>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IChangeRelay>(sp => sp.GetRequiredService<PostgresChangeRelay>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresChangeRelay>());
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder) && builder.DataSource != ":memory:") Directory.CreateDirectory(folder);
    }
}
