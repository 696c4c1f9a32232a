# Writes bpmn/hotline-service-marketing.bpmn (the process and its diagram interchange, lanes in
# place: bpmn-auto-layout ignores lanes). Edit the tables below, run `python3 scripts/draw-bpmn.py`,
# then render the pictures: `pnpm --filter @handoff/diagram render ../../process-packs/hotline-service-marketing/bpmn/hotline-service-marketing.bpmn`.
# test/bpmn.test.ts checks the result (design, flows, DI, lint).
import html, os
OUT=os.path.join(os.path.dirname(os.path.abspath(__file__)),'..','bpmn','hotline-service-marketing.bpmn')
PID='hotlineServiceMarketing'
LANES=[('dataAnalysis','数据分析团队(CRM)',140),('hotlineAgent','10086人工服务(话务员)',240),('ivr','IVR自助语音',160),('smsHall','短信营业厅',160),('appHall','掌上营业厅',160),('webHall','网上营业厅',160),('businessReview','业务审核团队',140)]
X0,Y0,LX=160,80,190
top={};y=Y0
for lid,_,h in LANES: top[lid]=y; y+=h
POOL_H=y-Y0; RIGHT=1460
C=[250,400,550,700,850,1000,1150,1300]
def cy(l,off=70): return top[l]+off
SIZE={'startEvent':(36,36),'endEvent':(36,36),'boundaryEvent':(36,36),'exclusiveGateway':(50,50),'userTask':(100,80),'businessRuleTask':(100,80),'receiveTask':(100,80)}
nodes=[] # id, tag, lane, cx, cy, name, doc, inner, attrs
def N(i,tag,lane,cx,cyv,name,doc,inner='',attrs=''): nodes.append(dict(id=i,tag=tag,lane=lane,cx=cx,cy=cyv,name=name,doc=doc,inner=inner,attrs=attrs))
A=cy('hotlineAgent'); LOW=cy('hotlineAgent',180)
N('callReceived','startEvent','hotlineAgent',C[0],A,'客户来电','A customer call reaches a 10086 human-service agent. Start variables: callId (correlates the channels\' order reports), the customer, what the customer called about (request: kind, the product named, the problem), the CRM recommendation and the period\'s key product; the pack\'s start schema checks them against the product list and computes the marketing candidates.')
N('suggestMarketing','businessRuleTask','dataAnalysis',C[1],cy('dataAnalysis'),'CRM营销推荐(6084模块)','The data analysis team\'s CRM support for precision marketing: the DMN decision marketingSuggestion picks which of the four marketing types the call offers and the product (result variable suggestion), shown to the agent with the script.','<zeebe:calledDecision decisionId="marketingSuggestion" resultVariable="suggestion" />')
N('handleRequest','userTask','hotlineAgent',C[2],A,'受理客户请求并营销','The agent handles what the customer called about and may run one marketing type (service, cross-selling, precision, active) for a product suited to it; records the type, the product and whether the customer accepted. The pack\'s task schema adds the product\'s facts (offer).')
N('acceptedGateway','exclusiveGateway','hotlineAgent',C[3],A,'客户接受推荐?','Continues to the channel decision only when the agent made an offer and the customer accepted it.',attrs=' default="f_acceptedGateway_callEnded"')
N('callEnded','endEvent','hotlineAgent',C[3],LOW,'通话结束','The call ends without a sale: no marketing on this call, or the customer declined the offer.')
N('routeRecommendation','businessRuleTask','hotlineAgent',C[4],A,'推荐办理渠道判定','The DMN decision recommendationChannel over the offered product\'s facts: the agent completes what the agent can; a product the agent cannot complete is recommended to the channel that can (IVR, SMS hall, app hall, web hall), by what the product is like. Result variable route.','<zeebe:calledDecision decisionId="recommendationChannel" resultVariable="route" />')
N('channelGateway','exclusiveGateway','hotlineAgent',C[5],A,'办理渠道?','Follows route.channel; no channel (none) goes to the business review team as a capability requirement.',attrs=' default="f_channelGateway_raiseRequirement"')
N('completeOnHotline','userTask','hotlineAgent',C[6],A,'人工台办理或在线预约','The agent completes the business on the call (or books it online); counted as business handled.')
N('hotlineDone','endEvent','hotlineAgent',C[7],A,'人工台办结','The agent completed or booked the business on the call, or the customer changed their mind at the last step (the result says which).')
CH=[('ivr','ivr','IVR','IVR确认办理','IVR办理成功','IVR未办理','PT10M','ivrWindow','The call is transferred to the IVR, where the customer confirms the order with the password; the IVR reports the order (message ivrOrdered, correlation key callId).','The customer hung up or declined in the IVR: the recommendation did not succeed.'),
    ('sms','smsHall','SmsHall','短厅办理','短厅办理成功','短厅推荐未成功','PT72H','smsHallWindow','The agent recommended the SMS hall; the customer sends the order SMS and the SMS hall reports it (message smsHallOrdered, correlation key callId).','No order in the SMS hall within the window: the recommendation did not succeed.'),
    ('app','appHall','AppHall','掌厅办理','掌厅办理成功','掌厅推荐未成功','PT72H','appHallWindow','The agent recommended the app hall; the customer orders in the app and the app hall reports it (message appHallOrdered, correlation key callId).','No order in the app hall within the window: the recommendation did not succeed.'),
    ('web','webHall','WebHall','网厅办理','网厅办理成功','网厅推荐未成功','PT72H','webHallWindow','The agent recommended the web hall; the customer orders on the web and the web hall reports it (message webHallOrdered, correlation key callId).','No order in the web hall within the window: the recommendation did not succeed.')]
for ch,lane,Cap,tname,okname,noname,dur,sla,doc,nodoc in CH:
  c=cy(lane); low=c  # names
  key=lane if lane!='ivr' else 'ivr'
  task=f'{key}Order'; N(task,'receiveTask',lane,C[6],c,tname,doc,attrs=f' messageRef="Message_{key}Ordered"')
  N(f'{key}Expired','boundaryEvent',lane,C[6]+25,c+40,'推荐失效',f'Interrupting timer: the recommendation window ({dur}, 24/7) passed without an order; declares the SLA clock {sla}.',inner=f'<bpmn:timerEventDefinition id="TimerEventDefinition_{key}Expired">\n        <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">{dur}</bpmn:timeDuration>\n      </bpmn:timerEventDefinition>',attrs=f' cancelActivity="true" attachedToRef="{task}" handoff:sla="{sla}"')
  N(f'{key}Ordered','endEvent',lane,C[7],c,okname,f'The customer completed the recommended business in the channel: a successful recommendation.')
  N(f'{key}NotOrdered','endEvent',lane,C[7],c+72,noname,nodoc)
R=cy('businessReview')
N('raiseRequirement','userTask','businessReview',C[6],R,'提出业务承载需求','No channel can complete the business the customer wanted: the business review team records the capability requirement for the channel owners (the source asks for 100% of the business to be carried by a channel).')
N('requirementRaised','endEvent','businessReview',C[7],R,'需求已提交','The capability requirement was recorded.')

flows=[] # src, tgt, name, cond, waypoints
def F(s,t,wps,name='',cond=None): flows.append(dict(s=s,t=t,name=name,cond=cond,wps=wps))
F('callReceived','suggestMarketing',[(C[0],A-18),(C[0],cy('dataAnalysis')),(C[1]-50,cy('dataAnalysis'))])
F('suggestMarketing','handleRequest',[(C[1]+50,cy('dataAnalysis')),(C[2],cy('dataAnalysis')),(C[2],A-40)])
F('handleRequest','acceptedGateway',[(C[2]+50,A),(C[3]-25,A)])
F('acceptedGateway','routeRecommendation',[(C[3]+25,A),(C[4]-50,A)],'接受推荐','marketing.type != "none" and marketing.accepted = true')
F('acceptedGateway','callEnded',[(C[3],A+25),(C[3],LOW-18)],'未营销或未接受','default')
F('routeRecommendation','channelGateway',[(C[4]+50,A),(C[5]-25,A)])
F('channelGateway','completeOnHotline',[(C[5]+25,A),(C[6]-50,A)],'人工台','route.channel = "hotline"')
for ch,lane,*_ in CH:
  key=lane
  F('channelGateway',f'{key}Order',[(C[5],A+25),(C[5],cy(lane)),(C[6]-50,cy(lane))],{'ivr':'转IVR','sms':'短厅','app':'掌厅','web':'网厅'}[ch],f'route.channel = "{ch}"')
F('channelGateway','raiseRequirement',[(C[5],A+25),(C[5],R),(C[6]-50,R)],'无渠道可办理','default')
F('completeOnHotline','hotlineDone',[(C[6]+50,A),(C[7]-18,A)])
for ch,lane,*_ in CH:
  c=cy(lane); key=lane
  F(f'{key}Order',f'{key}Ordered',[(C[6]+50,c),(C[7]-18,c)])
  F(f'{key}Expired',f'{key}NotOrdered',[(C[6]+25,c+58),(C[6]+25,c+72),(C[7]-18,c+72)])
F('raiseRequirement','requirementRaised',[(C[6]+50,R),(C[7]-18,R)])
for f in flows: f['id']=f"f_{f['s']}_{f['t']}"
inc={n['id']:[] for n in nodes}; out={n['id']:[] for n in nodes}
for f in flows: out[f['s']].append(f['id']); inc[f['t']].append(f['id'])
e=html.escape
L=[]
L.append('<?xml version="1.0" encoding="UTF-8"?>')
L.append(f'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" xmlns:handoff="http://handoff.dev/schema/bpmn/1.0" id="Definitions_{PID}" targetNamespace="http://handoff.dev/process-packs/hotline-service-marketing" exporter="Handoff" exporterVersion="0.1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">')
L.append(f'  <bpmn:collaboration id="Collaboration_{PID}">')
L.append('    <bpmn:documentation>Hotline service marketing on 10086 human service: on each call the agent handles the request and may run one of four marketing types; a product the agent cannot complete is recommended to the self-service channel that can (IVR, SMS hall, app hall, web hall), decided by a DMN table over the product list; the channels report the orders; business no channel completes becomes a capability requirement for the business review team.</bpmn:documentation>')
L.append(f'    <bpmn:participant id="Participant_{PID}" name="热线人工服务营销" processRef="{PID}" />')
L.append('  </bpmn:collaboration>')
for ch,lane,*_ in CH:
  L.append(f'  <bpmn:message id="Message_{lane}Ordered" name="{lane}Ordered">\n    <bpmn:extensionElements>\n      <zeebe:subscription correlationKey="=callId" />\n    </bpmn:extensionElements>\n  </bpmn:message>')
L.append(f'  <bpmn:process id="{PID}" name="热线人工服务营销" isExecutable="true">')
L.append('    <bpmn:documentation>Decisions are in hotline-service-marketing.dmn (marketingSuggestion, recommendationChannel), deployed with this file. The product list is pack data: the start and task schemas look products up in it and put the offered product\'s facts in the variable offer. Recommendation windows are interrupting timers that declare their SLA clocks (24/7).</bpmn:documentation>')
L.append(f'    <bpmn:laneSet id="LaneSet_{PID}">')
for lid,name,_ in LANES:
  L.append(f'      <bpmn:lane id="{lid}" name="{name}">')
  for n in nodes:
    if n['lane']==lid: L.append(f'        <bpmn:flowNodeRef>{n["id"]}</bpmn:flowNodeRef>')
  L.append('      </bpmn:lane>')
L.append('    </bpmn:laneSet>')
for n in nodes:
  L.append(f'    <bpmn:{n["tag"]} id="{n["id"]}" name="{n["name"]}"{n["attrs"]}>')
  L.append(f'      <bpmn:documentation>{e(n["doc"],quote=False)}</bpmn:documentation>')
  if n['tag']=='businessRuleTask': L.append(f'      <bpmn:extensionElements>\n        {n["inner"]}\n      </bpmn:extensionElements>')
  for i in inc[n['id']]: L.append(f'      <bpmn:incoming>{i}</bpmn:incoming>')
  for o in out[n['id']]: L.append(f'      <bpmn:outgoing>{o}</bpmn:outgoing>')
  if n['tag']=='boundaryEvent': L.append(f'      {n["inner"]}')
  L.append(f'    </bpmn:{n["tag"]}>')
for f in flows:
  nm=f' name="{f["name"]}"' if f['name'] else ''
  if f['cond'] and f['cond']!='default':
    L.append(f'    <bpmn:sequenceFlow id="{f["id"]}"{nm} sourceRef="{f["s"]}" targetRef="{f["t"]}">\n      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">={e(f["cond"])}</bpmn:conditionExpression>\n    </bpmn:sequenceFlow>')
  else: L.append(f'    <bpmn:sequenceFlow id="{f["id"]}"{nm} sourceRef="{f["s"]}" targetRef="{f["t"]}" />')
L.append('  </bpmn:process>')
L.append(f'  <bpmndi:BPMNDiagram id="BPMNDiagram_{PID}">')
L.append(f'    <bpmndi:BPMNPlane id="BPMNPlane_{PID}" bpmnElement="Collaboration_{PID}">')
L.append(f'      <bpmndi:BPMNShape id="Participant_{PID}_di" bpmnElement="Participant_{PID}" isHorizontal="true">\n        <dc:Bounds x="{X0}" y="{Y0}" width="{RIGHT-X0}" height="{POOL_H}" />\n      </bpmndi:BPMNShape>')
for lid,_,h in LANES:
  L.append(f'      <bpmndi:BPMNShape id="{lid}_di" bpmnElement="{lid}" isHorizontal="true">\n        <dc:Bounds x="{LX}" y="{top[lid]}" width="{RIGHT-LX}" height="{h}" />\n      </bpmndi:BPMNShape>')
for n in nodes:
  w,h=SIZE[n['tag']]; x=n['cx']-w//2; yy=n['cy']-h//2
  mk=' isMarkerVisible="true"' if n['tag']=='exclusiveGateway' else ''
  s=f'      <bpmndi:BPMNShape id="{n["id"]}_di" bpmnElement="{n["id"]}"{mk}>\n        <dc:Bounds x="{x}" y="{yy}" width="{w}" height="{h}" />'
  if n['tag'] in ('startEvent','endEvent','exclusiveGateway','boundaryEvent'):
    if n['id'].endswith('NotOrdered'): lb=(x+w+6,yy+11,90,14)
    elif n['tag']=='exclusiveGateway': lb=(x-30,yy-20,110,14)
    elif n['tag']=='boundaryEvent': lb=(x-58,yy+26,54,14)
    else: lb=(x-27,yy+h+4,90,14)
    s+=f'\n        <bpmndi:BPMNLabel>\n          <dc:Bounds x="{lb[0]}" y="{lb[1]}" width="{lb[2]}" height="{lb[3]}" />\n        </bpmndi:BPMNLabel>'
  L.append(s+'\n      </bpmndi:BPMNShape>')
for f in flows:
  s=f'      <bpmndi:BPMNEdge id="{f["id"]}_di" bpmnElement="{f["id"]}">'
  for px,py in f['wps']: s+=f'\n        <di:waypoint x="{px}" y="{py}" />'
  if f['name']:
    (ax,ay),(bx,by)=f['wps'][-2],f['wps'][-1]
    lx=min(ax,bx)+6 if ay==by else ax+6; ly=(ay-18) if ay==by else (ay+by)//2
    if ay==by and len(f['wps'])>2: lx=f['wps'][-2][0]+8
    s+=f'\n        <bpmndi:BPMNLabel>\n          <dc:Bounds x="{lx}" y="{ly}" width="70" height="14" />\n        </bpmndi:BPMNLabel>'
  L.append(s+'\n      </bpmndi:BPMNEdge>')
L.append('    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n</bpmn:definitions>\n')
open(OUT,'w').write('\n'.join(L))
print('nodes',len(nodes),'flows',len(flows))
