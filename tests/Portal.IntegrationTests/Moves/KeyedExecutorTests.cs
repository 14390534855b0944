using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.Execution;
using Portal.Execution.Moves.ApplicationSteps;
using Portal.IntegrationTests.Support;
using Portal.Moves.Playbooks;

namespace Portal.IntegrationTests.Moves;

/// <summary>The portal's own container: request executors keyed by <see cref="RequestKind"/>, the steps of moving an
/// application keyed by <see cref="MigrationStep"/>; a run resolves only the one it needs.</summary>
public sealed class KeyedExecutorTests : IAsyncLifetime
{
    private PostgresDatabase _db = null!;
    private PortalReplica _portal = null!;

    public async Task InitializeAsync()
    {
        _db = await PostgresDatabase.CreateAsync();
        _portal = await PortalReplica.CreateAsync(_db.ConnectionString, "keyed");
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task ExecutorFor_EveryRequestKind_IsTheExecutorOfThatKind()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        foreach (var kind in Enum.GetValues<RequestKind>())
            Assert.Equal(kind, RequestRunner.ExecutorFor(scope.ServiceProvider, kind).Kind);
    }

    [Fact]
    public async Task ExecutorFor_UnknownKind_FailsInWords()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        var ex = Assert.Throws<InvalidOperationException>(() => RequestRunner.ExecutorFor(scope.ServiceProvider, (RequestKind)999));
        Assert.Equal("The portal has no executor for 999 requests.", ex.Message);
    }

    [Fact]
    public async Task MoveSteps_EveryStepOfEveryPlaybook_HasItsOwnStep_AndRollbackStepsNone()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        var steps = Enum.GetValues<MigrationPlaybook>().SelectMany(MigrationSteps.For).Distinct().ToList();
        var resolved = steps.Select(s => scope.ServiceProvider.GetKeyedService<IApplicationMoveStep>(s)).ToList();
        Assert.All(resolved, Assert.NotNull);
        Assert.Equal(steps.Count, resolved.Select(r => r!.GetType()).Distinct().Count());
        Assert.All(MigrationSteps.Rollback, s => Assert.Null(scope.ServiceProvider.GetKeyedService<IApplicationMoveStep>(s)));
    }

    [Fact]
    public async Task Executors_AreNoLongerRegisteredUnkeyed()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        Assert.Empty(scope.ServiceProvider.GetServices<IOperationExecutor>());
    }
}
