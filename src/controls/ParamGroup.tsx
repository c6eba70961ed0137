import type { AnyParamValues, ParamSchema } from '../params/kinds';
import { ParamControl } from './ParamControl';

interface ParamGroupProps {
  schema: ParamSchema;
  values: AnyParamValues;
  onChange: (key: string, value: unknown) => void;
  /** Keys to leave out (hidden by the page or shown elsewhere). */
  hidden?: ReadonlySet<string>;
  disabled?: boolean;
}

/** Every control of a schema, in schema order. */
export function ParamGroup({ schema, values, onChange, hidden, disabled }: ParamGroupProps) {
  return (
    <div className="param-group">
      {Object.entries(schema)
        .filter(([key]) => !hidden?.has(key))
        .map(([key, spec]) => (
          <ParamControl key={key} name={key} spec={spec} value={values[key] ?? spec.default} onChange={(v) => onChange(key, v)} disabled={disabled} />
        ))}
    </div>
  );
}
