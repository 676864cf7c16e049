using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Data.Configurations;

internal sealed class AnalysisRunEntityTypeConfiguration : IEntityTypeConfiguration<AnalysisRunEntity>
{
    public void Configure(EntityTypeBuilder<AnalysisRunEntity> builder)
    {
        builder.ToTable("analysis_runs");
        builder.Property(r => r.SettingsHash).HasMaxLength(64);
    }
}

internal sealed class FindingEntityTypeConfiguration : IEntityTypeConfiguration<FindingEntity>
{
    public void Configure(EntityTypeBuilder<FindingEntity> builder)
    {
        builder.ToTable("findings");
        // A replaced form takes its findings with it; the next run finds the new form's.
        builder.HasOne<FormEntity>().WithMany().HasForeignKey(f => f.FormId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AnalysisRunEntity>().WithMany().HasForeignKey(f => f.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => f.Key);
        builder.HasIndex(f => new { f.FormId, f.Line });
        builder.HasIndex(f => new { f.Severity, f.RuleCode });
        builder.HasIndex(f => new { f.Year, f.UnitName });
        // Covering indexes for the findings grid on large corpora: count and page over narrow index entries instead
        // of wide finding rows (messages, evidence).
        builder.HasIndex(f => new { f.Year, f.Kind, f.Severity, f.RuleCode, f.UnitName }, "ix_findings_read_year");
        builder.HasIndex(f => new { f.RuleCode, f.Severity, f.Year, f.Kind, f.UnitName }, "ix_findings_read_rule");
        // The grid's default order (severity, High first, then id) as an index: a filtered grid walks it and stops
        // after a page instead of sorting every match.
        builder.HasIndex(f => new { f.Severity, f.Id }, "ix_findings_severity_id").IsDescending(true, false);
        builder.Property(f => f.Severity).HasConversion<int>();
        builder.Property(f => f.Key).HasMaxLength(900);
        builder.Property(f => f.RuleCode).HasMaxLength(16);
        builder.Property(f => f.RuleTitle).HasMaxLength(100);
        builder.Property(f => f.RuleTitleEn).HasMaxLength(200);
        builder.Property(f => f.Family).HasMaxLength(8);
        builder.Property(f => f.UnitName).HasMaxLength(200);
        builder.Property(f => f.ProjectName).HasMaxLength(300);
        builder.Property(f => f.Indicator).HasMaxLength(500);
    }
}

internal sealed class FindingReviewEntityTypeConfiguration : IEntityTypeConfiguration<FindingReviewEntity>
{
    public void Configure(EntityTypeBuilder<FindingReviewEntity> builder)
    {
        builder.ToTable("finding_reviews");
        builder.HasIndex(r => new { r.FindingKey, r.Id });
        builder.Property(r => r.FindingKey).HasMaxLength(900);
        builder.Property(r => r.Reviewer).HasMaxLength(100);
        builder.Property(r => r.Note).HasMaxLength(4000);
    }
}

internal sealed class FormMetricsEntityTypeConfiguration : IEntityTypeConfiguration<FormMetricsEntity>
{
    public void Configure(EntityTypeBuilder<FormMetricsEntity> builder)
    {
        builder.ToTable("form_metrics");
        builder.HasKey(m => m.FormId);
        builder.Property(m => m.FormId).ValueGeneratedNever();
        builder.HasOne<FormEntity>().WithOne().HasForeignKey<FormMetricsEntity>(m => m.FormId)
            .OnDelete(DeleteBehavior.Cascade);
        // Peers: same year and kind, in the same district (or all, "" = no district named).
        builder.HasIndex(m => new { m.Year, m.Kind, m.District });
        builder.Property(m => m.District).HasMaxLength(100);
    }
}
