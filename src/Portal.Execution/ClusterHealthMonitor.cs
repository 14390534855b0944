using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Features.Clusters.Check;
using Portal.Application.Security;

namespace Portal.Execution;

public sealed class ClusterHealthOptions
{
    public const string Section = "ClusterHealth";
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Re-checks every registered cluster periodically, so a cluster that went down (or whose token
/// expired) shows as such without anyone pressing "Test connection".</summary>
internal sealed class ClusterHealthMonitor(IServiceScopeFactory scopes, IPortalDbContextFactory factory,
    IOptions<ClusterHealthOptions> options, ILogger<ClusterHealthMonitor> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        do
        {
            try
            {
                await CheckAllAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Cluster health round failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task CheckAllAsync(CancellationToken ct)
    {
        List<Guid> ids;
        await using (var db = await factory.CreateAsync(TenantScope.Everything, ct))
            ids = await db.Clusters.AsNoTracking().Where(c => c.RetiredAt == null).Select(c => c.Id).ToListAsync(ct);
        foreach (var id in ids)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<PrincipalOverride>().Principal = CurrentPrincipal.System;
            var check = scope.ServiceProvider.GetRequiredService<CheckClusterConnection>();
            var result = await check.HandleAsync(new CheckClusterConnectionCommand(id), ct);
            if (result.IsSuccess) log.LogDebug("Cluster {Cluster}: {Health}", result.Value!.Name, result.Value.Health);
        }
    }
}
