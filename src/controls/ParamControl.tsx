import { useId, useState } from 'react';
import type { ParamSpec } from '../params/kinds';
import { describeValue, formatValue } from '../params/kinds';

interface ParamControlProps {
  name: string;
  spec: ParamSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  disabled?: boolean;
}

const SLIDER_STEPS = 1000;

function toSlider(spec: Extract<ParamSpec, { kind: 'number' }>, v: number): number {
  if (!spec.log) return v;
  const lo = Math.log(spec.min);
  const hi = Math.log(spec.max);
  return Math.round(((Math.log(Math.max(v, spec.min)) - lo) / (hi - lo)) * SLIDER_STEPS);
}

function fromSlider(spec: Extract<ParamSpec, { kind: 'number' }>, s: number): number {
  if (!spec.log) return s;
  const lo = Math.log(spec.min);
  const hi = Math.log(spec.max);
  const v = Math.exp(lo + (s / SLIDER_STEPS) * (hi - lo));
  return spec.integer ? Math.round(v) : Number(v.toPrecision(3));
}

function display(spec: ParamSpec, value: unknown): string {
  if (spec.kind === 'number' && typeof value === 'number') {
    if (spec.integer) return String(value);
    if (value !== 0 && (Math.abs(value) < 0.01 || Math.abs(value) >= 1000)) return value.toExponential(1);
    return String(Number(value.toPrecision(3)));
  }
  return formatValue(spec, value);
}

/** One schema-driven control: slider (linear or log), select, list field or checkbox, labelled. */
export function ParamControl({ name, spec, value, onChange, disabled = false }: ParamControlProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const common = { id, 'aria-describedby': helpId, disabled, name };
  let input: React.ReactNode;
  switch (spec.kind) {
    case 'number':
      input = (
        <input
          {...common}
          type="range"
          min={spec.log ? 0 : spec.min}
          max={spec.log ? SLIDER_STEPS : spec.max}
          step={spec.log ? 1 : spec.step}
          value={toSlider(spec, Number(value))}
          aria-valuetext={display(spec, value)}
          onChange={(e) => onChange(fromSlider(spec, Number(e.target.value)))}
        />
      );
      break;
    case 'choice':
      input = (
        <select {...common} value={String(value)} onChange={(e) => onChange(e.target.value)}>
          {spec.options.map((o) => (
            <option key={o} value={o}>
              {spec.optionLabels?.[o] ?? o}
            </option>
          ))}
        </select>
      );
      break;
    case 'bool':
      input = <input {...common} type="checkbox" checked={Boolean(value)} onChange={(e) => onChange(e.target.checked)} />;
      break;
    case 'intlist':
      // Keyed by the committed value: when it changes elsewhere (URL, clamp), the field starts afresh.
      input = <ListField key={formatValue(spec, value)} {...common} value={formatValue(spec, value)} onCommit={onChange} />;
      break;
    case 'points':
      // Drawn on the plane (the panel's Draw tools), not typed: the field only says what is there.
      input = <input {...common} type="text" readOnly value={describeValue(spec, value)} />;
      break;
  }
  return (
    <div className={`param param-${spec.kind}`}>
      <div className="param-head">
        <label htmlFor={id}>{spec.label}</label>
        {spec.kind === 'number' && <output htmlFor={id} className="param-value">{display(spec, value)}</output>}
      </div>
      {input}
      <small id={helpId} className="param-help">
        {spec.help}
      </small>
    </div>
  );
}

/** A text field that commits on Enter or blur, so half-typed lists never reach the worker. */
function ListField(props: { id: string; name: string; disabled: boolean; 'aria-describedby': string; value: string; onCommit: (v: string) => void }) {
  const { value, onCommit, ...rest } = props;
  const [text, setText] = useState(value);
  const commit = () => {
    if (text !== value) onCommit(text);
  };
  return (
    <input
      {...rest}
      type="text"
      inputMode="numeric"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}
