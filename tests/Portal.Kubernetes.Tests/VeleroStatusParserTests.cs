using System.Text.Json;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;

namespace Portal.Kubernetes.Tests;

public class VeleroStatusParserTests
{
    private static JsonElement Json(string s) => JsonDocument.Parse(s).RootElement.Clone();

    [Fact]
    public void ParseStatus_BackupInProgress_ReadsProgressAndCounts()
    {
        var obj = Json("""
            {"metadata":{"name":"b1","labels":{"kubernetes-portal.io/request-id":"r1"}},
             "status":{"phase":"InProgress","progress":{"totalItems":40,"itemsBackedUp":12},"warnings":2,"errors":1}}
            """);

        var s = VeleroStatusParser.ParseStatus(obj, VeleroObjectKind.Backup);

        Assert.Equal(("b1", "InProgress", 40, 12, 2, 1), (s.Name, s.Phase, s.ItemsTotal, s.ItemsDone, s.Warnings, s.Errors));
        Assert.Equal("r1", s.Labels[PortalLabels.RequestId]);
        Assert.False(s.IsTerminal);
    }

    [Fact]
    public void ParseStatus_Restore_ReadsItemsRestored()
    {
        var obj = Json("""{"metadata":{"name":"r"},"status":{"phase":"Completed","progress":{"totalItems":5,"itemsRestored":5}}}""");

        var s = VeleroStatusParser.ParseStatus(obj, VeleroObjectKind.Restore);

        Assert.Equal(5, s.ItemsDone);
        Assert.True(s.IsTerminal);
    }

    [Fact]
    public void ParseStatus_FailedValidation_ReadsValidationErrorsAndReason()
    {
        var obj = Json("""{"metadata":{"name":"r"},"status":{"phase":"FailedValidation","failureReason":"bad","validationErrors":["backup not found"]}}""");

        var s = VeleroStatusParser.ParseStatus(obj, VeleroObjectKind.Restore);

        Assert.Equal(["backup not found"], s.ValidationErrors);
        Assert.Equal("bad", s.FailureReason);
    }

    [Fact]
    public void ParseStatus_NoStatusYet_HasNullPhaseAndZeroCounts()
    {
        var s = VeleroStatusParser.ParseStatus(Json("""{"metadata":{"name":"new"},"spec":{}}"""), VeleroObjectKind.Backup);

        Assert.Null(s.Phase);
        Assert.Null(s.ItemsTotal);
        Assert.Equal(0, s.Warnings);
        Assert.Empty(s.ValidationErrors);
    }

    [Fact]
    public void ParseBackup_ScheduleBackup_ReadsSpecTimesAndLabels()
    {
        var obj = Json("""
            {"metadata":{"name":"nightly-1","creationTimestamp":"2026-01-01T02:00:00Z",
               "labels":{"velero.io/schedule-name":"nightly","kubernetes-portal.io/request-id":"r9"}},
             "spec":{"includedNamespaces":["shop-frontend"],"storageLocation":"default"},
             "status":{"phase":"Completed","completionTimestamp":"2026-01-01T02:05:00Z","expiration":"2026-01-31T02:00:00Z"}}
            """);

        var b = VeleroStatusParser.ParseBackup(obj);

        Assert.Equal("nightly-1", b.Name);
        Assert.Equal(["shop-frontend"], b.IncludedNamespaces);
        Assert.Equal("default", b.StorageLocation);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 2, 0, 0, TimeSpan.Zero), b.CreatedAt);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 2, 5, 0, TimeSpan.Zero), b.CompletedAt);
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 2, 0, 0, TimeSpan.Zero), b.Expiration);
        Assert.Equal("nightly", b.ScheduleName);
        Assert.Equal("r9", b.PortalRequestId);
        Assert.True(b.IsRestorable);
    }

    [Fact]
    public void ParseBackup_WrongTypes_ReadAsAbsent()
    {
        var b = VeleroStatusParser.ParseBackup(Json("""{"metadata":{"name":"x","labels":{"a":1}},"spec":{"includedNamespaces":"oops"},"status":{"phase":7}}"""));

        Assert.Null(b.Phase);
        Assert.Empty(b.IncludedNamespaces);
        Assert.Null(b.ScheduleName);
    }

    [Fact]
    public void ParseStorageLocation_DefaultAvailable_ReadsAll()
    {
        var bsl = KubernetesClusterGateway.ParseStorageLocation(Json(
            """{"metadata":{"name":"default","namespace":"velero"},"spec":{"default":true},"status":{"phase":"Available","message":"ok"}}"""));

        Assert.Equal(new Portal.Domain.Clusters.BackupStorageLocationInfo("default", "Available", true, "ok"), bsl);
    }
}
