using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Data.Configurations;

internal sealed class FormNoteEntityTypeConfiguration : IEntityTypeConfiguration<FormNoteEntity>
{
    public void Configure(EntityTypeBuilder<FormNoteEntity> builder)
    {
        builder.ToTable("form_notes");
        builder.HasOne<FormEntity>().WithMany().HasForeignKey(n => n.FormId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.FormId, n.Ordinal }).IsUnique();
    }
}
