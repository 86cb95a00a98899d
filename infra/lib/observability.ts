import { Duration, Size } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { LOG_EVENT_METRICS, type LogEventMetric, METRIC_NAMESPACE } from './log-events';

export interface ObservabilityProps {
  prefix: string;
  gatewayLogGroup: logs.ILogGroup;
  alb: elbv2.ApplicationLoadBalancer;
  targetGroups: { name: string; group: elbv2.ApplicationTargetGroup }[];
  database: rds.DatabaseInstance;
  alarmEmail?: string;
  toolFailureAlarmThreshold: number;
}

/** Share of requests answered 5xx (target or load balancer) above which the alarm fires. */
export const FIVE_XX_PERCENT_THRESHOLD = 5;
export const RDS_CPU_PERCENT_THRESHOLD = 80;
export const RDS_FREE_STORAGE_THRESHOLD = Size.gibibytes(2);

/**
 * Metrics from the gateway's JSON logs (see log-events.ts), the alarms that matter to an
 * on-call engineer, one SNS topic they notify, and a dashboard with both.
 */
export class Observability extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly metrics: Record<keyof typeof LOG_EVENT_METRICS, cloudwatch.Metric>;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', { displayName: 'Customer Data Tools alarms', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const fromLogs = (key: string, metric: LogEventMetric) => {
      new logs.MetricFilter(this, `${key}Filter`, {
        logGroup: props.gatewayLogGroup,
        filterPattern: logs.FilterPattern.stringValue('$.event', '=', metric.event),
        metricNamespace: METRIC_NAMESPACE,
        metricName: metric.metricName,
        metricValue: metric.valueField ?? '1',
        unit: metric.unit === 'Milliseconds' ? cloudwatch.Unit.MILLISECONDS : cloudwatch.Unit.COUNT,
        // Counters report 0 in quiet periods, so "no failures" is data, not a gap.
        ...(metric.valueField ? {} : { defaultValue: 0 }),
      });
      return new cloudwatch.Metric({
        namespace: METRIC_NAMESPACE,
        metricName: metric.metricName,
        statistic: metric.valueField ? 'p95' : 'Sum',
        period: Duration.minutes(5),
      });
    };
    this.metrics = Object.fromEntries(
      Object.entries(LOG_EVENT_METRICS).map(([key, metric]) => [key, fromLogs(key, metric)]),
    ) as Record<keyof typeof LOG_EVENT_METRICS, cloudwatch.Metric>;

    const alarm = (id: string, options: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, id, { ...options, alarmName: `${props.prefix}-${options.alarmName}` });
      created.addAlarmAction(new actions.SnsAction(this.topic));
      created.addOkAction(new actions.SnsAction(this.topic));
      this.alarms.push(created);
      return created;
    };

    const period = Duration.minutes(5);
    const fiveXxRate = new cloudwatch.MathExpression({
      label: '5xx answers (% of requests)',
      expression: 'IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)',
      usingMetrics: {
        requests: props.alb.metrics.requestCount({ period, statistic: 'Sum' }),
        target5xx: props.alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period, statistic: 'Sum' }),
        elb5xx: props.alb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period, statistic: 'Sum' }),
      },
      period,
    });
    alarm('FiveXxRate', {
      alarmName: 'http-5xx-rate',
      alarmDescription: `More than ${FIVE_XX_PERCENT_THRESHOLD}% of requests answered 5xx for 10 minutes (load balancer or tasks).`,
      metric: fiveXxRate,
      threshold: FIVE_XX_PERCENT_THRESHOLD,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    for (const { name, group } of props.targetGroups) {
      alarm(`${name}UnhealthyHosts`, {
        alarmName: `${name.toLowerCase()}-unhealthy-hosts`,
        alarmDescription: `A ${name} task failed the load balancer health check for 5 minutes.`,
        metric: group.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 5,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    alarm('ToolFailures', {
      alarmName: 'tool-failures',
      alarmDescription: `${props.toolFailureAlarmThreshold} or more diagnostic tool runs failed within 15 minutes.`,
      metric: this.metrics.toolFailures.with({ period: Duration.minutes(15), statistic: 'Sum' }),
      threshold: props.toolFailureAlarmThreshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    alarm('DatabaseCpu', {
      alarmName: 'app-database-cpu',
      alarmDescription: `App database CPU above ${RDS_CPU_PERCENT_THRESHOLD}% for 15 minutes.`,
      metric: props.database.metricCPUUtilization({ period, statistic: 'Average' }),
      threshold: RDS_CPU_PERCENT_THRESHOLD,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });
    alarm('DatabaseStorage', {
      alarmName: 'app-database-free-storage',
      alarmDescription: `App database has less than ${RDS_FREE_STORAGE_THRESHOLD.toGibibytes()} GiB free.`,
      metric: props.database.metricFreeStorageSpace({ period, statistic: 'Minimum' }),
      threshold: RDS_FREE_STORAGE_THRESHOLD.toBytes(),
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });

    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: `${props.prefix}-overview` });
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Tool runs and failures', left: [this.metrics.toolRuns, this.metrics.toolFailures] }),
      new cloudwatch.GraphWidget({ title: 'Tool duration (p95, ms)', left: [this.metrics.toolDuration] }),
      new cloudwatch.GraphWidget({
        title: 'Source errors and rate limits',
        left: [this.metrics.sourceErrors, this.metrics.rateLimitHits],
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'HTTP 5xx (% of requests)', left: [fiveXxRate] }),
      new cloudwatch.GraphWidget({
        title: 'Unhealthy tasks',
        left: props.targetGroups.map(({ name, group }) =>
          group.metrics.unhealthyHostCount({ label: name, statistic: 'Maximum' }),
        ),
      }),
      new cloudwatch.GraphWidget({ title: 'App database CPU (%)', left: [props.database.metricCPUUtilization()] }),
    );
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }));
  }
}
