using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Data.Configurations;

internal sealed class FormEntityTypeConfiguration : IEntityTypeConfiguration<FormEntity>
{
    public void Configure(EntityTypeBuilder<FormEntity> builder)
    {
        builder.ToTable("forms");
        builder.HasOne(f => f.Unit).WithMany().HasForeignKey(f => f.UnitId).OnDelete(DeleteBehavior.Restrict);
        // One form per unit, year, kind and project: a changed file replaces, never duplicates.
        builder.HasIndex(f => new { f.UnitId, f.Year, f.Kind, f.ProjectName }).IsUnique();
        builder.HasIndex(f => f.FileSha256);
        // The explanation list's order (newest year first, then form): walked, not sorted, for a page.
        builder.HasIndex(f => new { f.Year, f.Id }, "ix_forms_year_id").IsDescending(true, false);
        builder.Property(f => f.ProjectName).HasMaxLength(300);
        builder.Property(f => f.UnitNameAsFiled).HasMaxLength(200);
        builder.Property(f => f.AmountUnit).HasMaxLength(16);
        builder.Property(f => f.FileName).HasMaxLength(400);
        builder.Property(f => f.FileSha256).HasMaxLength(64).IsFixedLength();
        builder.Property(f => f.ContentSha256).HasMaxLength(64).IsFixedLength();
        builder.Property(f => f.Encoding).HasMaxLength(32);
        builder.Property(f => f.Grade).HasMaxLength(8);
        builder.Property(f => f.IncompleteReason).HasMaxLength(400);
        builder.Property(f => f.CanonicalUnitName).HasMaxLength(200);
        builder.Property(f => f.SourcePart).HasMaxLength(200);
    }
}
