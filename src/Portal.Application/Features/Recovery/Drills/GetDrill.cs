using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Application.Features.Recovery.Drills;

public sealed record GetDrillQuery(Guid DrillId);

/// <summary>One drill: its steps so far, checks and their results, RTO against the target, clean-up.</summary>
public sealed class GetDrill(UseCaseServices s) : IUseCase
{
    public async Task<Result<DrillView>> HandleAsync(GetDrillQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var d = await DrillLookup.DrillAsync(db, caller, q.DrillId, ct);
        if (d is null) return Error.NotFound("The drill");
        var names = await DrillLookup.ClusterNamesAsync(db, [d.ClusterId, d.TargetClusterId], ct);
        return DrillView.Of(d, names.GetValueOrDefault(d.ClusterId, "?"), names.GetValueOrDefault(d.TargetClusterId, "?"));
    }
}
