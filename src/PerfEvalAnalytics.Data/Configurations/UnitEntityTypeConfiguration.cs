using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Data.Configurations;

internal sealed class UnitEntityTypeConfiguration : IEntityTypeConfiguration<UnitEntity>
{
    public void Configure(EntityTypeBuilder<UnitEntity> builder)
    {
        builder.ToTable("units");
        builder.Property(u => u.Name).HasMaxLength(200);
        builder.Property(u => u.NormalizedName).HasMaxLength(200);
        builder.HasIndex(u => u.NormalizedName).IsUnique();
    }
}
