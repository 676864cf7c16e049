using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Data.Configurations;

internal sealed class IndicatorRowEntityTypeConfiguration : IEntityTypeConfiguration<IndicatorRowEntity>
{
    public void Configure(EntityTypeBuilder<IndicatorRowEntity> builder)
    {
        builder.ToTable("indicator_rows");
        builder.HasOne<FormEntity>().WithMany().HasForeignKey(r => r.FormId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.FormId, r.Ordinal }).IsUnique();
        // The rows that have a deviation explanation, in form order: the explanation list counts and pages them
        // without reading the rows (quoted so that the filter means the same column on both providers).
        builder.HasIndex(r => new { r.FormId, r.Ordinal }, "ix_indicator_rows_explained")
            .HasFilter("\"Explanation\" IS NOT NULL AND \"Explanation\" <> ''");
        builder.Property(r => r.Level1).HasMaxLength(100);
        builder.Property(r => r.Level2).HasMaxLength(100);
        builder.Property(r => r.Name).HasMaxLength(500);
        builder.Property(r => r.TargetRaw).HasMaxLength(500);
        builder.Property(r => r.ActualRaw).HasMaxLength(500);
        builder.Property(r => r.TargetUnit).HasMaxLength(50);
        builder.Property(r => r.ActualUnit).HasMaxLength(50);
    }
}
