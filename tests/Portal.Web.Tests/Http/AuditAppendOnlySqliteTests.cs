using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Auditing;

namespace Portal.Web.Tests.Http;

/// <summary>The embedded database refuses to change audit rows too (its migrations add triggers).</summary>
[Collection(PortalHttpCollection.Name)]
public sealed class AuditAppendOnlySqliteTests(DevelopmentPortal portal) : IClassFixture<DevelopmentPortal>
{
    [Theory]
    [InlineData("UPDATE \"AuditEvents\" SET \"Summary\" = 'nothing happened'")]
    [InlineData("DELETE FROM \"AuditEvents\"")]
    public async Task ChangingAnAuditRow_IsRefusedBySqlite(string sql)
    {
        await using var db = await portal.Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        db.AuditEvents.Add(new AuditEvent(DateTimeOffset.UtcNow, "Mallory", "request.approved", "request", "r1", "kept"));
        await db.SaveChangesAsync();

        var ex = await Assert.ThrowsAsync<SqliteException>(() => ((DbContext)db).Database.ExecuteSqlRawAsync(sql));
        Assert.Contains("append-only", ex.Message);
    }
}
