using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Features.Databases;
using Portal.Application.Features.Databases.Schedules;
using Portal.Application.Security;
using Portal.Domain.Databases;
using Portal.Domain.Requests;

namespace Portal.Web.Tests.Support;

/// <summary>Adds a registered database (CloudNativePG "shop-db" in "shop", databases app and reporting), schedules made
/// through the real use case, and dumps recorded as the executor's tracker would record them.</summary>
public abstract class DatabaseTestContext : PortalTestContext
{
    protected const string ToolError = "pg_dump: error: connection to server at \"shop-db-rw.shop.svc\" (10.0.0.7), port 5432 failed: FATAL:  password authentication failed for user \"app\"\npg_dump: detail: the dump stopped before writing anything";

    protected async Task<Guid> RegisterShopDbAsync(DatabaseSource source = DatabaseSource.CloudNativePgCluster)
    {
        var previous = Principal.Current;
        Principal.Current = Dan;
        var result = await Services.GetRequiredService<RegisterDatabase>().HandleAsync(new RegisterDatabaseCommand(ShopNamespaceId, "shop-db",
            DatabaseEngine.PostgreSql, "shop-db-rw", 5432, ["app", "reporting"], "shop-db-app", "username", "password", 16, source,
            source == DatabaseSource.CloudNativePgCluster ? "shop-db" : null));
        Principal.Current = previous;
        return result.ValueOrThrow();
    }

    /// <summary>A pg_dump schedule to a new claim, created as Dan and marked as written to the cluster.</summary>
    protected async Task<Guid> CreateScheduleAsync(Guid databaseId, string name = "nightly", PostgresDumpFormat format = PostgresDumpFormat.Custom)
    {
        var previous = Principal.Current;
        Principal.Current = Dan;
        var result = await Services.GetRequiredService<CreateDumpSchedule>().HandleAsync(new CreateDumpScheduleCommand(databaseId, name,
            DumpMethod.NativeTool, "0 2 * * *", "Etc/UTC", "app", new PostgresDumpOptions(Format: format),
            Destination: new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, $"{name}-dumps", CreatePvc: true, SizeGi: 5),
            Retention: new DumpRetention(7, null)));
        Principal.Current = previous;
        var id = result.ValueOrThrow().ScheduleId;
        await using var db = await OpenAllAsync();
        (await db.DumpSchedules.FirstAsync(x => x.Id == id)).MarkApplied(DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
        return id;
    }

    /// <summary>A dump as the tracker records it: succeeded with a size, or failed with the tool's error text.</summary>
    protected async Task<Guid> AddDumpAsync(Guid scheduleId, TimeSpan ago, long? sizeBytes = 1_572_864, string? error = null, TimeSpan? took = null,
        Guid? requestId = null)
    {
        await using var db = await OpenAllAsync();
        var schedule = await db.DumpSchedules.FirstAsync(x => x.Id == scheduleId);
        var started = DateTimeOffset.UtcNow - ago;
        var artifact = new DumpArtifact(schedule, $"portal-dump-{Guid.NewGuid():N}"[..40], requestId is null ? DumpTrigger.Schedule : DumpTrigger.Manual, started, requestId);
        var extension = schedule.Postgres?.Format switch { PostgresDumpFormat.Plain => ".sql.gz", PostgresDumpFormat.Directory => ".dir", _ => ".dump" };
        var ended = started + (took ?? TimeSpan.FromSeconds(42));
        if (error is not null) artifact.Fail(ended, error);
        else if (sizeBytes is { } size)
            artifact.Succeed(started, ended, size, new string('a', 64), $"{schedule.Id:N}-{started.UtcDateTime:yyyyMMddTHHmmss}Z{extension}", "pg_dump (PostgreSQL) 16.4");
        db.DumpArtifacts.Add(artifact);
        await db.SaveChangesAsync();
        return artifact.Id;
    }

    /// <summary>The requests of one kind (creating a schedule also submits a schedule change).</summary>
    protected async Task<List<OperationRequest>> RequestsOfAsync(RequestKind kind) => (await AllRequestsAsync()).Where(r => r.Kind == kind).ToList();

    /// <summary>An element's text with runs of white space (line breaks of the markup) as one space.</summary>
    protected static string TextOf(AngleSharp.Dom.IElement e) => System.Text.RegularExpressions.Regex.Replace(e.TextContent, @"\s+", " ").Trim();

    protected async Task<IPortalDbContext> OpenAllAsync() =>
        await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);

    protected async Task<DumpSchedule> FindScheduleAsync(Guid id)
    {
        await using var db = await OpenAllAsync();
        return await db.DumpSchedules.AsNoTracking().FirstAsync(x => x.Id == id);
    }
}
