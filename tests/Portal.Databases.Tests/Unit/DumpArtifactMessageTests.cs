using Portal.Databases.Messages;

namespace Portal.Databases.Tests.Unit;

public sealed class DumpArtifactMessageTests
{
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private const string Success = $$"""{"status":"Succeeded","artifact":"team/nightly-20250101T020000Z.dump","sizeBytes":123456789012,"sha256":"{{Sha}}","startedAt":"2025-01-01T02:00:00Z","completedAt":"2025-01-01T02:01:05Z","durationSeconds":65,"tool":"pg_dump 16.2"}""";

    [Fact]
    public void Parse_SuccessLine_AllFields()
    {
        var ok = Assert.IsType<DumpArtifactMessage.Succeeded>(DumpArtifactMessage.Parse(Success + "\n"));

        Assert.Equal(new DumpArtifactMessage.Succeeded("team/nightly-20250101T020000Z.dump", 123456789012, Sha,
            new DateTimeOffset(2025, 1, 1, 2, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 1, 1, 2, 1, 5, TimeSpan.Zero), 65, "pg_dump 16.2"), ok);
    }

    [Fact]
    public void Parse_FailureLine_ExitCodeAndError()
    {
        var failed = Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse("""{"status":"Failed","exitCode":1,"error":"pg_dump: error: \"x\"\nsecond"}"""));

        Assert.Equal(1, failed.ExitCode);
        Assert.Equal("pg_dump: error: \"x\"\nsecond", failed.Error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("Segmentation fault")]
    [InlineData("[1,2]")]
    [InlineData("{\"status\":\"Running\"}")]
    [InlineData("{\"status\":\"Failed\"}")]
    [InlineData("{\"status\":\"Succeeded\",\"artifact\":\"a\",\"sizeBytes\":1,\"sha256\":\"nothex\"}")]
    [InlineData("{\"status\":\"Succeeded\",\"artifact\":\"a\",\"sizeBytes\":\"big\",\"sha256\":\"" + Sha + "\"}")]
    [InlineData("{\"status\":\"Succeeded\",\"artifact\":\"a\",\"sizeBytes\":1,\"sha256\":\"" + Sha + "\",\"startedAt\":\"yesterday\"}")]
    public void Parse_GarbageOrIncomplete_Unreadable(string? text)
    {
        var unreadable = Assert.IsType<DumpArtifactMessage.Unreadable>(DumpArtifactMessage.Parse(text));

        Assert.StartsWith("unreadable termination message", unreadable.Reason);
    }

    [Fact]
    public void Parse_TruncatedByKubernetes_Unreadable()
    {
        for (var cut = 1; cut < Success.Length; cut += 7)
            Assert.IsType<DumpArtifactMessage.Unreadable>(DumpArtifactMessage.Parse(Success[..cut]));
    }
}
