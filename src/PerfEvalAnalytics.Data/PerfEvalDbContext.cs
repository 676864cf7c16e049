using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// The store. Schema by migrations; no provider-specific column types, so the same model serves SQLite (embedded
/// default) and PostgreSQL (shared deployments). The dashboard's accounts and roles (ASP.NET Core Identity) live in the
/// same database, so one backup holds the forms, the reviews and who made them.
/// </summary>
public sealed class PerfEvalDbContext(DbContextOptions<PerfEvalDbContext> options)
    : IdentityDbContext<IdentityUser, IdentityRole, string>(options)
{
    /// <summary>The dashboard's data-protection key ring (sign-in cookies, antiforgery tokens), shared by every
    /// dashboard instance on this database and kept across restarts.</summary>
    public DbSet<DataProtectionKeyEntity> DataProtectionKeys => Set<DataProtectionKeyEntity>();

    public DbSet<UnitEntity> Units => Set<UnitEntity>();

    public DbSet<FormEntity> Forms => Set<FormEntity>();

    public DbSet<BudgetLineEntity> BudgetLines => Set<BudgetLineEntity>();

    public DbSet<IndicatorRowEntity> IndicatorRows => Set<IndicatorRowEntity>();

    public DbSet<FormNoteEntity> FormNotes => Set<FormNoteEntity>();

    public DbSet<AnalysisRunEntity> AnalysisRuns => Set<AnalysisRunEntity>();

    public DbSet<FindingEntity> Findings => Set<FindingEntity>();

    public DbSet<FindingReviewEntity> FindingReviews => Set<FindingReviewEntity>();

    public DbSet<FindingReviewStateEntity> FindingReviewStates => Set<FindingReviewStateEntity>();

    public DbSet<AuditEntryEntity> AuditEntries => Set<AuditEntryEntity>();

    public DbSet<FormMetricsEntity> FormMetrics => Set<FormMetricsEntity>();

    public DbSet<RuleSettingsEntity> RuleSettings => Set<RuleSettingsEntity>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PerfEvalDbContext).Assembly);
        builder.Entity<DataProtectionKeyEntity>().ToTable("data_protection_keys");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as their names: readable in any SQL client and stable if members are reordered.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<decimal>().HaveConversion<FiledDecimalConverter>().HaveMaxLength(40);
    }
}
