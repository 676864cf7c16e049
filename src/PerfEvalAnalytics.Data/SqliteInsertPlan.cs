using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// The INSERT of one entity type for <see cref="SqliteRowStatement"/>, and one compiled method that binds a row's
/// columns to it by position: each property read with its own type and converted by the model's value converter
/// (enum → name, decimal → filed text …) with no boxing, as EF would convert it for a parameter. Table, columns and
/// converters come from the EF model (<see cref="BulkTable"/>), so the SQL cannot drift from the migrations.
/// </summary>
internal sealed class SqliteInsertPlan<T>
    where T : class
{
    private static readonly MethodInfo TextMethod = Method(nameof(SqliteRowStatement.Text));
    private static readonly MethodInfo DecimalMethod = Method(nameof(SqliteRowStatement.Decimal));
    private static readonly MethodInfo IntegerMethod = Method(nameof(SqliteRowStatement.Integer));
    private static readonly MethodInfo RealMethod = Method(nameof(SqliteRowStatement.Real));
    private static readonly MethodInfo NullMethod = Method(nameof(SqliteRowStatement.Null));
    private static readonly MethodInfo DateTimeTextMethod =
        typeof(SqliteInsertPlan<T>).GetMethod(nameof(DateTimeText), BindingFlags.Static | BindingFlags.NonPublic)!;

    private SqliteInsertPlan(string sql, Action<SqliteRowStatement, T> bind)
    {
        Sql = sql;
        Bind = bind;
    }

    public string Sql { get; }

    /// <summary>Binds every column of a row to the plan's statement.</summary>
    public Action<SqliteRowStatement, T> Bind { get; }

    public static SqliteInsertPlan<T> Create(DbContext db)
    {
        var table = BulkTable.Of(db, typeof(T));
        var statement = Expression.Parameter(typeof(SqliteRowStatement), "statement");
        var row = Expression.Parameter(typeof(T), "row");
        var binds = table.Columns.Select((column, i) => BindColumn(statement, row, column, i + 1)).ToList();
        var sql = $"INSERT INTO {table.QuotedName} ({table.ColumnList}) VALUES ("
            + string.Join(", ", table.Columns.Select((_, i) => "?" + (i + 1).ToString(CultureInfo.InvariantCulture))) + ")";
        return new SqliteInsertPlan<T>(sql,
            Expression.Lambda<Action<SqliteRowStatement, T>>(Expression.Block(binds), statement, row).Compile());
    }

    /// <summary>
    /// <c>value is null ? statement.Null(index) : statement.Xxx(index, convert(value))</c> for one column.
    /// </summary>
    private static Expression BindColumn(ParameterExpression statement, ParameterExpression row, BulkColumn column,
        int index)
    {
        var property = column.Property;
        var member = (MemberInfo?)property.PropertyInfo ?? property.FieldInfo
            ?? throw new NotSupportedException($"{typeof(T).Name}.{property.Name}: a shadow property cannot be bulk-written.");
        var position = Expression.Constant(index);
        Expression value = Expression.MakeMemberAccess(row, member);
        Expression? isNull = null;
        if (Nullable.GetUnderlyingType(value.Type) is not null)
        {
            isNull = Expression.Not(Expression.Property(value, nameof(Nullable<int>.HasValue)));
            value = Expression.Property(value, nameof(Nullable<int>.Value));
        }
        else if (!value.Type.IsValueType)
        {
            isNull = Expression.ReferenceEqual(value, Expression.Constant(null, value.Type));
        }

        if (column.Mapping.Converter is FiledDecimalConverter)
        {
            // The converter's text, formatted straight to UTF-8 without a string in between.
            var bindDecimal = Expression.Call(statement, DecimalMethod, position, value);
            return isNull is null
                ? bindDecimal
                : Expression.IfThenElse(isNull, Expression.Call(statement, NullMethod, position), bindDecimal);
        }

        if (column.Mapping.Converter is { } converter)
        {
            // EF converts non-null values only; a null stays NULL.
            var convert = converter.ConvertToProviderExpression;
            value = Expression.Invoke(convert, Expression.Convert(value, convert.Parameters[0].Type));
        }

        var bind = BindValue(statement, position, value, property.Name);
        return isNull is null
            ? bind
            : Expression.IfThenElse(isNull, Expression.Call(statement, NullMethod, position), bind);
    }

    /// <summary>The bind call for a provider value, as Microsoft.Data.Sqlite stores that CLR type.</summary>
    private static MethodCallExpression BindValue(ParameterExpression statement, ConstantExpression position,
        Expression value, string property)
    {
        var type = Nullable.GetUnderlyingType(value.Type) ?? value.Type;
        if (type != value.Type)
        {
            // A converter that returns a nullable value type: null stays NULL, as for a parameter.
            throw new NotSupportedException($"{typeof(T).Name}.{property}: a converter to {value.Type.Name} is not supported by the SQLite bulk writer.");
        }

        if (type == typeof(string))
        {
            return Expression.Call(statement, TextMethod, position, value);
        }

        if (type == typeof(bool))
        {
            return Expression.Call(statement, IntegerMethod, position,
                Expression.Condition(value, Expression.Constant(1L), Expression.Constant(0L)));
        }

        if (type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte)
            || type == typeof(sbyte) || type == typeof(ushort) || type == typeof(uint))
        {
            return Expression.Call(statement, IntegerMethod, position, Expression.Convert(value, typeof(long)));
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return Expression.Call(statement, RealMethod, position, Expression.Convert(value, typeof(double)));
        }

        if (type == typeof(DateTime))
        {
            return Expression.Call(DateTimeTextMethod, statement, position, value);
        }

        throw new NotSupportedException(
            $"{typeof(T).Name}.{property}: values of type {type.Name} are not supported by the SQLite bulk writer.");
    }

    /// <summary>A DateTime as Microsoft.Data.Sqlite writes it to a TEXT column.</summary>
    private static void DateTimeText(SqliteRowStatement statement, int index, DateTime value) =>
        statement.Text(index, value.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture));

    private static MethodInfo Method(string name) => typeof(SqliteRowStatement).GetMethod(name)!;
}
