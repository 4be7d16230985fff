import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface MasterCfCstNode extends CstNode {
  name: "masterCf";
  children: MasterCfCstChildren;
}

export type MasterCfCstChildren = {
  service?: ServiceCstNode[];
  OrphanLine?: IToken[];
  LineEnd?: IToken[];
};

export interface ServiceCstNode extends CstNode {
  name: "service";
  children: ServiceCstChildren;
}

export type ServiceCstChildren = {
  Field: IToken[];
};

export interface ICstNodeVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  masterCf(children: MasterCfCstChildren, param?: IN): OUT;
  service(children: ServiceCstChildren, param?: IN): OUT;
}
