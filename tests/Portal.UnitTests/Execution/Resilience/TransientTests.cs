using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Resilience;
using Portal.Execution;
using Portal.Execution.Moves;

namespace Portal.UnitTests.Execution.Resilience;

/// <summary>Which errors the portal retries, and as what: one classification for every retry.</summary>
public class TransientTests
{
    [Theory]
    [InlineData(ClusterFault.Unreachable, true)]
    [InlineData(ClusterFault.Timeout, true)]
    [InlineData(ClusterFault.ServerError, true)]
    [InlineData(ClusterFault.Unauthorized, false)]
    [InlineData(ClusterFault.Forbidden, false)]
    [InlineData(ClusterFault.NotFound, false)]
    [InlineData(ClusterFault.Conflict, false)]
    [InlineData(ClusterFault.Invalid, false)]
    [InlineData(ClusterFault.ToolMissing, false)]
    public void ClusterFaults_OnlyAnOutageIsTransient(ClusterFault fault, bool transient)
    {
        var error = new ClusterAccessException(fault, "x");
        Assert.Equal(transient, Transient.IsTransient(fault));
        Assert.Equal(transient, error.IsTransient);
        Assert.Equal(transient, Transient.IsClusterOutage(error));
        // A migration's fault names its cluster and is the same kind of fault.
        Assert.Equal(transient, Transient.IsClusterOutage(new MigrationClusterException("dr-west", error)));
        Assert.Equal(transient, new MigrationClusterException("dr-west", error).IsTransient);
        Assert.False(Transient.IsWriteConflict(error));
    }

    [Fact]
    public void WriteConflict_IsAConcurrencyException_OrALeaseCheckThatMetOne()
    {
        var conflict = new DbUpdateConcurrencyException("row changed");
        Assert.True(Transient.IsWriteConflict(conflict));
        Assert.True(Transient.IsWriteConflict(new LeaseLostException(Guid.NewGuid(), conflict)));
        Assert.False(Transient.IsClusterOutage(conflict));
    }

    [Fact]
    public void NotTransient_ALeaseReallyLost_AUniqueViolation_ABug_Cancellation()
    {
        Exception[] never =
        [
            new LeaseLostException(Guid.NewGuid()),
            new DbUpdateException("duplicate key"),
            new InvalidOperationException("bug"),
            new OperationCanceledException(),
            new Exception("wraps a person's fault", new ClusterAccessException(ClusterFault.Forbidden, "no")),
        ];
        Assert.All(never, e => Assert.False(Transient.IsWriteConflict(e) || Transient.IsClusterOutage(e), e.GetType().Name));
        Assert.False(Transient.IsClusterOutage(null));
        Assert.False(Transient.IsWriteConflict(null));
    }
}
