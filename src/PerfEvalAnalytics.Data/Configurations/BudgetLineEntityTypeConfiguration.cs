using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Data.Configurations;

internal sealed class BudgetLineEntityTypeConfiguration : IEntityTypeConfiguration<BudgetLineEntity>
{
    public void Configure(EntityTypeBuilder<BudgetLineEntity> builder)
    {
        builder.ToTable("budget_lines");
        builder.HasOne<FormEntity>().WithMany().HasForeignKey(b => b.FormId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(b => new { b.FormId, b.Ordinal }).IsUnique();
        builder.Property(b => b.GroupLabel).HasMaxLength(100);
        builder.Property(b => b.Category).HasMaxLength(200);
        builder.Property(b => b.RawLabel).HasMaxLength(300);
    }
}
