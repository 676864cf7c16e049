namespace PerfEvalAnalytics.Domain;

/// <summary>Which self-evaluation form a file holds (绩效自评表的种类).</summary>
public enum FormKind
{
    /// <summary>部门（单位）整体支出绩效自评表: the department-wide form.</summary>
    DepartmentOverall,

    /// <summary>项目支出绩效自评表: one form per project.</summary>
    Project,
}
