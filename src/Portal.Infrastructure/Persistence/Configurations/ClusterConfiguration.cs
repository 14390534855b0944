using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Clusters;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class ClusterConfiguration : IEntityTypeConfiguration<Cluster>
{
    public void Configure(EntityTypeBuilder<Cluster> b)
    {
        b.Property(c => c.Name).HasMaxLength(63);
        b.HasIndex(c => c.Name).IsUnique();
        b.Property(c => c.ApiServerUrl).HasMaxLength(500);
        b.Property(c => c.AuthKind).HasConversion<string>().HasMaxLength(30);
        b.Property(c => c.Health).HasConversion<string>().HasMaxLength(30);
        // Capabilities are always read and replaced whole: one JSON column.
        b.Property(c => c.Capabilities)
            .HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                v => JsonSerializer.Deserialize<ClusterCapabilities>(v, JsonSerializerOptions.Default) ?? new ClusterCapabilities(),
                new ValueComparer<ClusterCapabilities>(
                    (a, c) => JsonSerializer.Serialize(a, JsonSerializerOptions.Default) == JsonSerializer.Serialize(c, JsonSerializerOptions.Default),
                    v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default).GetHashCode(),
                    v => JsonSerializer.Deserialize<ClusterCapabilities>(JsonSerializer.Serialize(v, JsonSerializerOptions.Default), JsonSerializerOptions.Default)!));
    }
}
