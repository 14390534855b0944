using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Security;

public static class DatabaseKeyRing
{
    /// <summary>Keeps the Data Protection key ring (which encrypts every stored cluster credential) in the portal's
    /// database, each key encrypted with <paramref name="current"/>, a certificate kept outside the database: a copy of
    /// the database alone decrypts nothing. <paramref name="previous"/> certificates only decrypt keys written before a
    /// rotation (README: "Rotating the key-ring certificate").</summary>
    public static IServiceCollection AddPortalKeyRing(this IServiceCollection services, DatabaseOptions db,
        X509Certificate2 current, IReadOnlyList<X509Certificate2> previous)
    {
        var dp = services.AddDataProtection().SetApplicationName("kubernetes-portal");
        if (db.IsPostgres) dp.PersistKeysToDbContext<PostgresPortalDbContext>();
        else dp.PersistKeysToDbContext<SqlitePortalDbContext>();
        dp.ProtectKeysWithCertificate(current);
        // The certificates are not in the machine's store, so decryption must be told about them, the current one included.
        dp.UnprotectKeysWithAnyCertificate([current, .. previous]);
        return services;
    }
}
