using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis;

/// <summary>Which form a finding is about.</summary>
/// <param name="Unit">单位名称 as filed.</param>
/// <param name="Year">年度.</param>
/// <param name="Kind">Department-wide or project form.</param>
/// <param name="Project">项目名称, or null for department-wide forms.</param>
/// <param name="FileName">The source file.</param>
public sealed record FormRef(string Unit, int Year, FormKind Kind, string? Project, string FileName)
{
    /// <summary>The unit identity across years (see <see cref="UnitNames.Normalize"/>).</summary>
    public string UnitKey => UnitNames.Normalize(Unit);

    public static FormRef Of(IFormHeader form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new(form.UnitName, form.Year, form.Kind, form.ProjectName, form.FileName);
    }
}
