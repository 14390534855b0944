using Portal.Databases.Messages;

namespace Portal.Databases.Tests.Unit;

public sealed class VerificationReportTests
{
    [Fact]
    public void Parse_FullReport_TablesTocAndMissing()
    {
        var report = VerificationReport.Parse("""{"tables":[{"schema" : "public", "name" : "it's \"x\"", "rows" : 3}],"tocTables":2,"missing":["sales.orders"]}""");

        Assert.NotNull(report);
        Assert.Equal([new VerifiedTable("public", "it's \"x\"", 3)], report.Tables);
        Assert.Equal((2, 1, 1), (report.TocTables!.Value, report.TableCount, report.MissingCount));
        Assert.False(report.Complete);
    }

    [Fact]
    public void Parse_PlainDumpWithoutToc_TocNull()
    {
        var report = VerificationReport.Parse("""{"tables":[],"tocTables":null,"missing":[]}""");

        Assert.NotNull(report);
        Assert.Null(report.TocTables);
        Assert.True(report.Complete);
    }

    [Fact]
    public void Parse_TruncatedReport_CountsOnly()
    {
        var report = VerificationReport.Parse("""{"tables":[],"truncated":true,"tableCount":120,"tocTables":121,"missingCount":1}""");

        Assert.NotNull(report);
        Assert.Equal((true, 120, 121, 1), (report.Truncated, report.TableCount, report.TocTables!.Value, report.MissingCount));
        Assert.False(report.Complete);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{\"tables\":[{\"schema\":null,\"name\":\"t\",\"rows\":1}]}")]
    [InlineData("{\"tables\":[{\"schema\":\"s\",\"name\":\"t\",\"rows\":\"many\"}]}")]
    [InlineData("{\"tables\":[{\"schema\":\"s\",\"na")]
    [InlineData("{\"status\":\"Failed\",\"exitCode\":1,\"error\":\"x\"}")]
    public void Parse_GarbageOrFailure_Null(string? text) => Assert.Null(VerificationReport.Parse(text));
}
