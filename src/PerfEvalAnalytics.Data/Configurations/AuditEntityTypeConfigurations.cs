using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Data.Configurations;

internal sealed class FindingReviewStateEntityTypeConfiguration : IEntityTypeConfiguration<FindingReviewStateEntity>
{
    public void Configure(EntityTypeBuilder<FindingReviewStateEntity> builder)
    {
        builder.ToTable("finding_review_states");
        builder.HasKey(s => s.FindingKey);
        builder.Property(s => s.FindingKey).HasMaxLength(900);
        builder.Property(s => s.Reviewer).HasMaxLength(100);
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class AuditEntryEntityTypeConfiguration : IEntityTypeConfiguration<AuditEntryEntity>
{
    public void Configure(EntityTypeBuilder<AuditEntryEntity> builder)
    {
        builder.ToTable("audit_entries");
        builder.Property(a => a.Actor).HasMaxLength(256);
        builder.Property(a => a.Action).HasMaxLength(32);
        builder.Property(a => a.Target).HasMaxLength(2000);
        builder.Property(a => a.Summary).HasMaxLength(4000);
        builder.HasIndex(a => a.AtUtc);
        builder.HasIndex(a => new { a.Actor, a.AtUtc });
        builder.HasIndex(a => new { a.Action, a.AtUtc });
    }
}

internal sealed class RuleSettingsEntityTypeConfiguration : IEntityTypeConfiguration<RuleSettingsEntity>
{
    public void Configure(EntityTypeBuilder<RuleSettingsEntity> builder)
    {
        builder.ToTable("rule_settings");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Property(s => s.SettingsHash).HasMaxLength(64);
        builder.Property(s => s.UpdatedBy).HasMaxLength(256);
    }
}
