using System.Text.Json;
using Portal.Kubernetes.Databases;

namespace Portal.Kubernetes.Tests.Databases;

public class JobRunParserTests
{
    private static string Fill(string template, params (string Name, string Value)[] values) =>
        values.Aggregate(template, (t, v) => t.Replace("@" + v.Name + "@", v.Value, StringComparison.Ordinal));

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static JsonElement Job(string status, string owner = "") => Json(Fill("""
        {"metadata":{"name":"dump-1","namespace":"ns","labels":{"portal/schedule":"s1"}@owner@},"spec":{"completions":1},"status":@status@}
        """, ("owner", owner), ("status", status)));

    private static JsonElement Pod(string name, string created, string containerStatuses) => Json(Fill("""
        {"metadata":{"name":"@name@","creationTimestamp":"@created@","labels":{"job-name":"dump-1"}},
         "status":{"containerStatuses":@containerStatuses@}}
        """, ("name", name), ("created", created), ("containerStatuses", containerStatuses)));

    [Fact]
    public void Parse_CompleteCondition_IsSucceededWithTimes()
    {
        var job = Job("""
            {"startTime":"2025-01-02T03:00:00Z","completionTime":"2025-01-02T03:01:30Z","succeeded":1,
             "conditions":[{"type":"Complete","status":"True","lastTransitionTime":"2025-01-02T03:01:30Z"}]}
            """, owner: ""","ownerReferences":[{"apiVersion":"batch/v1","kind":"CronJob","name":"nightly","controller":true}]""");

        var run = JobRunParser.Parse(job, []);

        Assert.True(run.Succeeded);
        Assert.False(run.Failed);
        Assert.True(run.IsFinished);
        Assert.Equal(DateTimeOffset.Parse("2025-01-02T03:00:00Z"), run.StartedAt);
        Assert.Equal(DateTimeOffset.Parse("2025-01-02T03:01:30Z"), run.CompletedAt);
        Assert.Equal("nightly", run.OwnerCronJob);
        Assert.Equal("s1", run.Labels["portal/schedule"]);
    }

    [Fact]
    public void Parse_FailedCondition_GivesReasonMessageAndEndTime()
    {
        var job = Job("""
            {"startTime":"2025-01-02T03:00:00Z","failed":2,
             "conditions":[{"type":"Failed","status":"True","reason":"BackoffLimitExceeded","message":"Job has reached the specified backoff limit","lastTransitionTime":"2025-01-02T03:05:00Z"}]}
            """);

        var run = JobRunParser.Parse(job, []);

        Assert.True(run.Failed);
        Assert.False(run.Succeeded);
        Assert.Equal("BackoffLimitExceeded: Job has reached the specified backoff limit", run.FailureReason);
        Assert.Equal(DateTimeOffset.Parse("2025-01-02T03:05:00Z"), run.CompletedAt);
    }

    [Fact]
    public void Parse_SucceededCountWithoutCondition_IsSucceeded() =>
        Assert.True(JobRunParser.Parse(Job("""{"succeeded":1}"""), []).Succeeded);

    [Fact]
    public void Parse_RunningJob_IsNotFinished()
    {
        var run = JobRunParser.Parse(Job("""{"startTime":"2025-01-02T03:00:00Z","active":1,"conditions":[{"type":"Complete","status":"False"}]}"""), []);

        Assert.False(run.IsFinished);
        Assert.Null(run.CompletedAt);
        Assert.Null(run.OwnerCronJob);
    }

    [Fact]
    public void TerminationMessage_SeveralPods_TakesNewestPodsNewestContainer()
    {
        var old = Pod("dump-1-aaaaa", "2025-01-02T03:00:00Z",
            """[{"name":"dump","state":{"terminated":{"exitCode":1,"message":"first try failed","finishedAt":"2025-01-02T03:00:10Z"}}}]""");
        var newest = Pod("dump-1-bbbbb", "2025-01-02T03:00:20Z", """
            [{"name":"dump","state":{"terminated":{"exitCode":0,"message":"{\"status\":\"Succeeded\"}\n","finishedAt":"2025-01-02T03:01:00Z"}}},
             {"name":"sidecar","state":{"terminated":{"exitCode":0,"message":"sidecar done","finishedAt":"2025-01-02T03:00:50Z"}}}]
            """);

        Assert.Equal("""{"status":"Succeeded"}""", JobRunParser.TerminationMessage([old, newest]));
    }

    [Fact]
    public void TerminationMessage_RestartedContainer_FallsBackToLastState()
    {
        var pod = Pod("dump-1-ccccc", "2025-01-02T03:00:00Z",
            """[{"name":"dump","state":{"running":{}},"lastState":{"terminated":{"exitCode":2,"message":"pg_dump: error: connection refused"}}}]""");

        Assert.Equal("pg_dump: error: connection refused", JobRunParser.TerminationMessage([pod]));
    }

    [Fact]
    public void TerminationMessage_NoPods_IsNull() => Assert.Null(JobRunParser.TerminationMessage([]));

    [Fact]
    public void JobOf_PodWithoutLabel_UsesOwnerReference()
    {
        var pod = Json("""{"metadata":{"name":"p","ownerReferences":[{"kind":"Job","name":"dump-9"}]}}""");

        Assert.Equal("dump-9", JobRunParser.JobOf(pod));
    }
}
