using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Features.Protection.Namespaces;
using Portal.Application.Security;

namespace Portal.Execution.Protection;

/// <summary>Resumes protections whose pause has reached its "until": submits a Resume request as the portal itself
/// (<see cref="ResumeExpiredPauses"/>), once per pause; the executor then resumes the Schedule. Every replica runs it;
/// the once-per-pause check and the duplicate-submission keys keep two replicas from asking twice.</summary>
internal sealed class PauseExpiryService(IServiceScopeFactory scopes, IOptions<Portal.Application.Features.Protection.ProtectionOptions> options, TimeProvider time,
    ILogger<PauseExpiryService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PauseExpiryInterval, time);
        do
        {
            try
            {
                await RunOnceAsync(scopes, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Looking for expired protection pauses failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One round, as the portal's system user; the number of Resume requests submitted.</summary>
    public static async Task<int> RunOnceAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<PrincipalOverride>().Principal = CurrentPrincipal.System with { DisplayName = ResumeExpiredPauses.Actor };
        var result = await scope.ServiceProvider.GetRequiredService<ResumeExpiredPauses>().HandleAsync(new ResumeExpiredPausesCommand(), ct);
        return result.IsSuccess ? result.Value : 0;
    }
}
